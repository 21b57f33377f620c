package io.github.aipc4j.modelfactory;

import io.github.aipc4j.testing.TinyPhi3Model;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.ort.Environment;
import io.github.aipc4j.ort.Outputs;
import io.github.aipc4j.ort.Session;
import io.github.aipc4j.ort.SessionOptions;
import io.github.aipc4j.ort.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiny Phi-3 model's ONNX graph in ONNX Runtime against the Java reference forward pass. */
class Phi3OrtAgreementTest {
    /** "<s> Hello world" in Phi-3's tokenizer, then some more ids. */
    private static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};
    private static final double TOLERANCE = 1e-4;

    private static Environment env;
    private static Phi3Weights weights;
    private static Session session;

    @BeforeAll
    static void load() {
        env = Environment.create();
        weights = Phi3Weights.generate(Phi3Config.tiny());
        try (SessionOptions options = SessionOptions.create().intraOpThreads(1)) {
            session = Session.create(env, Phi3Onnx.build(weights).toBytes(), options);
        }
    }

    @AfterAll
    static void close() {
        session.close();
        env.close();
    }

    /** One run of the graph: tokens at positions past..past+n-1 with the given cache; returns logits and the new cache. */
    private record Step(float[][] logits, List<Tensor> present) {
    }

    private static Step run(int[] tokens, int past, List<Tensor> cache) {
        Phi3Config c = weights.config();
        int n = tokens.length;
        Map<String, Tensor> inputs = new HashMap<>();
        List<Tensor> owned = new ArrayList<>();
        Tensor ids = own(owned, Tensor.allocate(ElementType.INT64, 1, n));
        Tensor positions = own(owned, Tensor.allocate(ElementType.INT64, 1, n));
        Tensor mask = own(owned, Tensor.allocate(ElementType.INT64, 1, past + n));
        for (int i = 0; i < n; i++) {
            ids.setLong(i, tokens[i]);
            positions.setLong(i, past + i);
        }
        for (int i = 0; i < past + n; i++) {
            mask.setLong(i, 1);
        }
        inputs.put("input_ids", ids);
        inputs.put("position_ids", positions);
        inputs.put("attention_mask", mask);
        for (int l = 0; l < c.layers(); l++) {
            Tensor key = cache != null ? cache.get(2 * l) : own(owned, Tensor.allocate(ElementType.FLOAT32, 1, c.kvHeads(), 0, c.headDim()));
            Tensor value = cache != null ? cache.get(2 * l + 1) : own(owned, Tensor.allocate(ElementType.FLOAT32, 1, c.kvHeads(), 0, c.headDim()));
            inputs.put("past_key_values." + l + ".key", key);
            inputs.put("past_key_values." + l + ".value", value);
        }
        List<String> names = new ArrayList<>(List.of("logits"));
        for (int l = 0; l < c.layers(); l++) {
            names.add("present." + l + ".key");
            names.add("present." + l + ".value");
        }
        Outputs out = session.run(null, inputs, names);
        try {
            Tensor logits = out.get("logits");
            assertArrayEquals(new long[] {1, n, c.vocabSize()}, logits.shape());
            float[][] rows = new float[n][c.vocabSize()];
            for (int i = 0; i < n; i++) {
                for (int v = 0; v < c.vocabSize(); v++) {
                    rows[i][v] = logits.getFloat((long) i * c.vocabSize() + v);
                }
            }
            logits.close();
            List<Tensor> present = new ArrayList<>();
            for (int i = 1; i < names.size(); i++) {
                Tensor t = out.get(i);
                assertArrayEquals(new long[] {1, c.kvHeads(), past + n, c.headDim()}, t.shape());
                present.add(t);
            }
            return new Step(rows, present);
        } finally {
            owned.forEach(Tensor::close);
            if (cache != null) {
                cache.forEach(Tensor::close);
            }
        }
    }

    private static Tensor own(List<Tensor> owned, Tensor t) {
        owned.add(t);
        return t;
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }


    @Test
    void prefillLogitsEqualTheReference() {
        Phi3Reference reference = new Phi3Reference(weights);
        float[][] expected = reference.forward(reference.newCache(), PROMPT);
        Step step = run(PROMPT, 0, null);
        step.present().forEach(Tensor::close);
        double spread = 0;
        for (int i = 0; i < PROMPT.length; i++) {
            double diff = maxDiff(expected[i], step.logits()[i]);
            assertTrue(diff <= TOLERANCE, "position " + i + ": max abs diff " + diff);
            spread = Math.max(spread, Math.abs(expected[i][TinyPhi3Model.argmax(expected[i])] - expected[i][0]));
        }
        assertTrue(spread > 0.1, "logits barely vary: the test would not notice a wrong graph");
    }

    @Test
    void incrementalDecodingWithTheCacheEqualsFullRecomputation() {
        Step prefill = run(PROMPT, 0, null);
        int next = TinyPhi3Model.argmax(prefill.logits()[PROMPT.length - 1]);
        Step incremental = run(new int[] {next}, PROMPT.length, prefill.present());
        incremental.present().forEach(Tensor::close);

        int[] all = java.util.Arrays.copyOf(PROMPT, PROMPT.length + 1);
        all[PROMPT.length] = next;
        Step full = run(all, 0, null);
        full.present().forEach(Tensor::close);
        double diff = maxDiff(full.logits()[PROMPT.length], incremental.logits()[0]);
        assertTrue(diff <= TOLERANCE, "incremental vs full recompute: max abs diff " + diff);
    }

    @Test
    void greedyContinuationsOf32TokensAreIdentical() {
        Phi3Reference reference = new Phi3Reference(weights);
        Phi3Reference.Cache cache = reference.newCache();
        float[][] logits = reference.forward(cache, PROMPT);
        int[] expected = new int[32];
        int token = TinyPhi3Model.argmax(logits[logits.length - 1]);
        for (int i = 0; i < 32; i++) {
            expected[i] = token;
            token = TinyPhi3Model.argmax(reference.forward(cache, token)[0]);
        }

        Step step = run(PROMPT, 0, null);
        int[] actual = new int[32];
        token = TinyPhi3Model.argmax(step.logits()[PROMPT.length - 1]);
        List<Tensor> kv = step.present();
        for (int i = 0; i < 32; i++) {
            actual[i] = token;
            step = run(new int[] {token}, PROMPT.length + i, kv);
            kv = step.present();
            token = TinyPhi3Model.argmax(step.logits()[0]);
        }
        kv.forEach(Tensor::close);
        assertArrayEquals(expected, actual);
        assertTrue(java.util.Arrays.stream(expected).distinct().count() > 3, "the continuation should not be one repeated token");
    }

    @Test
    void theSameParametersGiveByteIdenticalModels() {
        byte[] first = Phi3Onnx.build(Phi3Weights.generate(Phi3Config.tiny())).toBytes();
        byte[] second = Phi3Onnx.build(Phi3Weights.generate(Phi3Config.tiny())).toBytes();
        assertArrayEquals(first, second);
        byte[] otherSeed = Phi3Onnx.build(Phi3Weights.generate(Phi3Config.tiny().withSeed(2))).toBytes();
        assertEquals(first.length, otherSeed.length);
        assertTrue(!java.util.Arrays.equals(first, otherSeed));
    }
}
