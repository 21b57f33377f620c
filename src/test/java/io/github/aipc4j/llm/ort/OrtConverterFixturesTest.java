package io.github.aipc4j.llm.ort;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.genai.Generator;
import io.github.aipc4j.genai.GeneratorParams;
import io.github.aipc4j.genai.Model;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.github.aipc4j.llm.ort.TinyOrtModel.concat;
import static io.github.aipc4j.llm.ort.TinyOrtModel.greedy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Folders made by GenAI's model builder (GroupQueryAttention writing present into past, MatMulNBits int4, no
 * position_ids input), decoded by the ort engine through one shared KV buffer per layer.
 */
class OrtConverterFixturesTest {
    private static final Path FIXTURES = Pins.ROOT.resolve("src/test/resources/fixtures/phi3-converted");
    /** {@code <|user|>\nHello world<|end|>\n<|assistant|>\n}. */
    private static final int[] PROMPT = {32010, 15043, 3186, 32007, 32001};

    @Test
    void fp32GivesTransformersGreedyTokens() throws IOException {
        int[] expected = transformersGreedy();
        try (OrtBackend backend = OrtBackend.open(FIXTURES.resolve("genai-cpu-fp32"), "cpu", 1);
             OrtDecoder decoder = backend.newDecoder()) {
            assertTrue(backend.sharesPastAndPresent());
            assertArrayEquals(expected, greedy(decoder, PROMPT, expected.length));
        }
    }

    @Test
    void int4GivesGenAisOwnGreedyTokens() {
        Path folder = FIXTURES.resolve("genai-cpu-int4");
        int count = 24;
        int[] genai = genAiGreedy(folder, count);
        try (OrtBackend backend = OrtBackend.open(folder, "cpu", 1);
             OrtDecoder decoder = backend.newDecoder()) {
            int[] ort = greedy(decoder, PROMPT, count);
            assertArrayEquals(genai, ort, "ort " + Arrays.toString(ort) + " vs GenAI " + Arrays.toString(genai));
        }
        assertTrue(Arrays.stream(genai).distinct().count() > 2, Arrays.toString(genai));
    }

    @ParameterizedTest
    @ValueSource(strings = {"genai-cpu-fp32", "genai-cpu-int4"})
    void truncatingTheSharedBufferThenFeedingAgainEqualsAFreshDecoder(String fixture) {
        try (OrtBackend backend = OrtBackend.open(FIXTURES.resolve(fixture), "cpu", 1);
             OrtDecoder rewound = backend.newDecoder();
             OrtDecoder fresh = backend.newDecoder();
             OrtDecoder chunked = backend.newDecoder(2)) {
            int[] first = greedy(rewound, PROMPT, 10);
            assertArrayEquals(first, greedy(chunked, PROMPT, 10), "prompt in chunks of 2");
            rewound.truncate(PROMPT.length + 3);
            int[] diverge = {4587, 29892};
            int[] afterRewind = greedy(rewound, diverge, 8);
            int[] afterFresh = greedy(fresh, concat(concat(PROMPT, Arrays.copyOf(first, 3)), diverge), 8);
            assertArrayEquals(afterFresh, afterRewind);
        }
    }

    private static int[] transformersGreedy() throws IOException {
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(FIXTURES.resolve("genai-cpu-fp32/reference_logits.json")));
        assertArrayEquals(PROMPT, ((List<?>) json.get("prompt_ids")).stream().mapToInt(o -> ((Long) o).intValue()).toArray());
        return ((List<?>) json.get("greedy_tokens")).stream().mapToInt(o -> ((Long) o).intValue()).toArray();
    }

    /** GenAI's own loop on the same folder, greedy, no end-of-sequence stop before {@code count} tokens. */
    private static int[] genAiGreedy(Path folder, int count) {
        try (Model model = Model.load(folder);
             GeneratorParams params = GeneratorParams.create(model).maxLength(PROMPT.length + count).greedy()) {
            params.set("min_length", PROMPT.length + count);
            try (Generator generator = Generator.create(model, params)) {
                generator.appendTokens(PROMPT);
                int[] tokens = new int[count];
                for (int i = 0; i < count; i++) {
                    generator.generateNextToken();
                    tokens[i] = generator.nextToken();
                }
                return tokens;
            }
        }
    }
}
