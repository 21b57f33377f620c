package io.github.aipc4j.modelfactory;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.ort.Environment;
import io.github.aipc4j.ort.Outputs;
import io.github.aipc4j.ort.Session;
import io.github.aipc4j.ort.SessionOptions;
import io.github.aipc4j.ort.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tied head, fp16 storage, plain multi-head attention, odd sizes: every variant's ONNX equals the reference. */
class Phi3VariantsTest {

    private static Phi3Config variant(String name) {
        Phi3Config t = Phi3Config.tiny();
        return switch (name) {
            case "tied" -> new Phi3Config(t.vocabSize(), 32, 2, 4, 2, 8, 64, 64, 10000, 1e-5, true, t.weightType(), 3);
            case "fp16" -> t.withWeightType(Phi3Config.WeightType.FP16);
            case "mha" -> new Phi3Config(512, 48, 3, 6, 6, 8, 96, 64, 10000, 1e-5, false, Phi3Config.WeightType.FP32, 4);
            case "gqa-3" -> new Phi3Config(300, 36, 1, 6, 2, 6, 40, 64, 500000, 1e-6, false, Phi3Config.WeightType.FP32, 5);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"tied", "fp16", "mha", "gqa-3"})
    void prefillLogitsEqualTheReference(String name) {
        Phi3Config c = variant(name);
        Phi3Weights weights = Phi3Weights.generate(c);
        int[] prompt = {1, 7, 42, 99, 3, 250, 17};
        float[][] expected = new Phi3Reference(weights).forward(new Phi3Reference(weights).newCache(), prompt);
        try (Environment env = Environment.create();
             SessionOptions options = SessionOptions.create().intraOpThreads(1);
             Session session = Session.create(env, Phi3Onnx.build(weights).toBytes(), options)) {
            Map<String, Tensor> inputs = new HashMap<>();
            Tensor ids = Tensor.allocate(ElementType.INT64, 1, prompt.length);
            Tensor positions = Tensor.allocate(ElementType.INT64, 1, prompt.length);
            Tensor mask = Tensor.allocate(ElementType.INT64, 1, prompt.length);
            for (int i = 0; i < prompt.length; i++) {
                ids.setLong(i, prompt[i]);
                positions.setLong(i, i);
                mask.setLong(i, 1);
            }
            inputs.put("input_ids", ids);
            inputs.put("position_ids", positions);
            inputs.put("attention_mask", mask);
            for (int l = 0; l < c.layers(); l++) {
                inputs.put("past_key_values." + l + ".key", Tensor.allocate(ElementType.FLOAT32, 1, c.kvHeads(), 0, c.headDim()));
                inputs.put("past_key_values." + l + ".value", Tensor.allocate(ElementType.FLOAT32, 1, c.kvHeads(), 0, c.headDim()));
            }
            try (Outputs out = session.run(inputs)) {
                Tensor logits = out.get("logits");
                double max = 0;
                for (int i = 0; i < prompt.length; i++) {
                    for (int v = 0; v < c.vocabSize(); v++) {
                        max = Math.max(max, Math.abs(expected[i][v] - logits.getFloat((long) i * c.vocabSize() + v)));
                    }
                }
                assertTrue(max <= 1e-4, name + ": max abs diff " + max);
            } finally {
                inputs.values().forEach(Tensor::close);
            }
        }
    }
}
