package io.github.aipc4j.openvino;

import io.github.aipc4j.testing.TestArrays;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * IRs made by optimum-intel's exporter (int4 NNCF weights and fp16; stateful, ScaledDotProductAttention, beam_idx)
 * compile and run on CPU through aipc4j and give the greedy tokens recorded when the fixtures were made (f32
 * inference precision, as OpenVINO's Python API ran them; src/modelfactory/python/make_converter_fixtures.py).
 */
class ConverterIrFixturesTest {
    private static final Path FIXTURES = Pins.ROOT.resolve("src/test/resources/fixtures/phi3-converted");
    private static final int[] PROMPT = {32010, 15043, 3186, 32007, 32001};

    @ParameterizedTest
    @ValueSource(strings = {"openvino-int4", "openvino-fp16"})
    void optimumIrsRunOnCpuAndGenerateTheRecordedTokens(String fixture) throws IOException {
        int[] expected = recorded(fixture);
        try (Core core = Core.create();
             CompiledModel compiled = core.compile(FIXTURES.resolve(fixture).resolve("openvino_model.xml"), "CPU",
                     TinyPhi3Ov.accuracy());
             InferRequest request = compiled.createInferRequest()) {
            int[] generated = new int[expected.length];
            int[] step = PROMPT;
            int past = 0;
            for (int i = 0; i < expected.length; i++) {
                int n = step.length;
                try (Tensor ids = Tensor.of(TestArrays.toLongs(step), 1, n);
                     Tensor mask = Tensor.of(TestArrays.ones(past + n), 1, past + n);
                     Tensor positions = Tensor.of(TestArrays.positions(past, n), 1, n);
                     Tensor beams = Tensor.of(new int[] {0}, 1)) {
                    request.setTensor("input_ids", ids);
                    request.setTensor("attention_mask", mask);
                    request.setTensor("position_ids", positions);
                    request.setTensor("beam_idx", beams);
                    request.infer();
                }
                float[] logits = TinyPhi3Ov.logits(request);
                assertEquals(0, logits.length % 32064);
                generated[i] = TinyPhi3Ov.argmax(TinyPhi3Ov.row(logits, n - 1, 32064));
                past += n;
                step = new int[] {generated[i]};
            }
            assertArrayEquals(expected, generated, fixture + ": " + Arrays.toString(generated));
        }
    }

    private static int[] recorded(String fixture) throws IOException {
        String json = Files.readString(FIXTURES.resolve("verification.json"));
        int at = json.indexOf("\"run_f32\"", json.indexOf("\"" + fixture + "\""));
        Matcher m = Pattern.compile("\"greedy_tokens\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        if (at < 0 || !m.find(at)) {
            throw new IllegalStateException("no recorded f32 tokens for " + fixture);
        }
        return Arrays.stream(m.group(1).split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }
}
