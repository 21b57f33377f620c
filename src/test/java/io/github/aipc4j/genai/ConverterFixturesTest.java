package io.github.aipc4j.genai;

import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Folders made by the official GenAI model builder (GroupQueryAttention, MatMulNBits int4, shared past/present
 * buffer, no position_ids input) load and generate through aipc4j exactly as GenAI's Python API did when the
 * fixtures were made (src/modelfactory/python/make_converter_fixtures.py; the fp32 one also equals transformers).
 */
class ConverterFixturesTest {
    private static final Path FIXTURES = Pins.ROOT.resolve("src/test/resources/fixtures/phi3-converted");

    @ParameterizedTest
    @CsvSource({"genai-cpu-fp32, greedy_tokens", "genai-cpu-int4, run"})
    void builderMadeFoldersGenerateTheRecordedTokens(String fixture, String source, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path folder = copyWithTokenizer(FIXTURES.resolve(fixture), dir.resolve(fixture));
        int[] expected = expected(fixture, source);
        try (Model model = Model.load(folder);
             Tokenizer tokenizer = Tokenizer.create(model)) {
            int[] prompt = tokenizer.encode("<|user|>\nHello world<|end|>\n<|assistant|>\n");
            assertArrayEquals(new int[] {32010, 15043, 3186, 32007, 32001}, prompt);
            try (GeneratorParams params = GeneratorParams.create(model).maxLength(prompt.length + expected.length).greedy();
                 Generator generator = Generator.create(model, params)) {
                generator.appendTokens(prompt);
                int[] generated = new int[expected.length];
                for (int i = 0; i < generated.length; i++) {
                    generator.generateNextToken();
                    generated[i] = generator.nextToken();
                }
                assertArrayEquals(expected, generated, fixture + ": " + Arrays.toString(generated));
            }
        }
    }

    /** The committed folders leave out tokenizer.json (3.6 MB); it is the same file native/tokenizer.py makes. */
    private static Path copyWithTokenizer(Path fixture, Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        Files.copy(Pins.ROOT.resolve("native/tokenizers/phi3/tokenizer.json"), target.resolve("tokenizer.json"));
        return target;
    }

    /** fp32: transformers' greedy tokens; int4: what GenAI's Python API generated at fixture time. */
    private static int[] expected(String fixture, String source) throws IOException {
        String json = source.equals("greedy_tokens") ? Files.readString(FIXTURES.resolve(fixture).resolve("reference_logits.json"))
                : Files.readString(FIXTURES.resolve("verification.json"));
        int start = source.equals("greedy_tokens") ? 0 : json.indexOf("\"" + fixture + "\"");
        Matcher m = Pattern.compile("\"greedy_tokens\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        if (!m.find(start)) {
            throw new IllegalStateException("no greedy_tokens for " + fixture);
        }
        return Arrays.stream(m.group(1).split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }
}
