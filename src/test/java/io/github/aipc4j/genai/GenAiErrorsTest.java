package io.github.aipc4j.genai;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad folders, configs, providers and inputs: typed errors with GenAI's message; the next valid call works. */
class GenAiErrorsTest {

    private static <T extends Throwable> T assertMessage(Class<T> type, String fragment, Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        return e;
    }

    private static void assertTinyModelWorks() {
        try (Model model = Model.load(TinyPhi3.FOLDER);
             Tokenizer tokenizer = Tokenizer.create(model)) {
            assertArrayEquals(new int[] {15043, 3186}, tokenizer.encode("Hello world"));
        }
    }

    @Test
    void missingFolderAndMissingConfig(@TempDir Path dir) {
        assertMessage(GenAIException.class, "does not exist", () -> Model.load(dir.resolve("nope")));
        assertMessage(GenAIException.class, "no genai_config.json", () -> Model.load(dir));
        assertTinyModelWorks();
    }

    @Test
    void malformedAndUnknownKeyConfigsAreReportedWithGenAisParserMessage(@TempDir Path dir) throws Exception {
        Path broken = TinyPhi3.copy(dir.resolve("broken"));
        Files.writeString(broken.resolve("genai_config.json"), "{ \"model\": { \"type\": \"phi3\", ");
        assertThrows(GenAIException.class, () -> Model.load(broken));
        Path unknown = TinyPhi3.copy(dir.resolve("unknown"));
        String config = Files.readString(unknown.resolve("genai_config.json"));
        Files.writeString(unknown.resolve("genai_config.json"), config.replace("\"type\": \"phi3\",", "\"type\": \"phi3\", \"colour\": 1,"));
        assertMessage(GenAIException.class, "colour", () -> Model.load(unknown));
        assertTinyModelWorks();
    }

    @Test
    void missingTokenizerFilesFailWhenTheTokenizerIsCreated(@TempDir Path dir) throws Exception {
        Path folder = TinyPhi3.copy(dir.resolve("no-tokenizer"));
        Files.delete(folder.resolve("tokenizer.json"));
        Files.delete(folder.resolve("tokenizer_config.json"));
        try (Model model = Model.load(folder)) {
            assertMessage(GenAIException.class, "creating the tokenizer", () -> Tokenizer.create(model).close());
        }
        assertTinyModelWorks();
    }

    @Test
    void providersThisBuildLacksAreErrorsAndCpuWorks() {
        for (String provider : new String[] {"cuda", "dml"}) {
            try (Config config = Config.load(TinyPhi3.FOLDER)) {
                config.clearProviders().appendProvider(provider);
                GenAIException e = assertThrows(GenAIException.class, () -> Model.load(config).close());
                assertTrue(e.getMessage().toLowerCase().contains(provider.equals("dml") ? "dml" : "cuda"), e.getMessage());
            } catch (GenAIException appendRefused) {
                // some builds refuse the provider name already at appendProvider: just as clear
                assertTrue(appendRefused.getMessage().toLowerCase().contains(provider), appendRefused.getMessage());
            }
        }
        try (Config config = Config.load(TinyPhi3.FOLDER)) {
            config.clearProviders().appendProvider("cpu").overlay("{\"search\": {\"max_length\": 40}}");
            try (Model model = Model.load(config);
                 GeneratorParams params = GeneratorParams.create(model)) {
                assertEquals(40, params.number("max_length"));
            }
        }
    }

    @Test
    void outOfVocabularyTokensAndOverlongPromptsAreErrorsAndTheGeneratorStaysSafe() {
        try (Model model = Model.load(TinyPhi3.FOLDER);
             GeneratorParams params = GeneratorParams.create(model).maxLength(16).greedy()) {
            try (Generator generator = Generator.create(model, params)) {
                assertThrows(GenAIException.class, () -> generator.appendTokens(1, 99_999));
            }
            try (Generator generator = Generator.create(model, params)) {
                assertMessage(GenAIException.class, "no prior state", generator::generateNextToken);
            }
            try (Generator generator = Generator.create(model, params)) {
                int[] tooLong = new int[17];
                java.util.Arrays.fill(tooLong, 15043);
                assertMessage(GenAIException.class, "max", () -> generator.appendTokens(tooLong));
                generator.appendTokens(15043, 3186);
                generator.generateNextToken();
                assertTrue(generator.nextToken() >= 0);
            }
            assertThrows(GenAIException.class, () -> params.set("no_such_option", 1.0));
            assertThrows(IllegalArgumentException.class, () -> {
                try (Generator g = Generator.create(model, params)) {
                    g.appendTokens();
                }
            });
        }
    }

    @Test
    void aTerminatedGeneratorRefusesEveryCallAndEverythingThrowsAfterClose() {
        Model model = Model.load(TinyPhi3.FOLDER);
        Tokenizer tokenizer = Tokenizer.create(model);
        TokenizerStream stream = tokenizer.stream();
        GeneratorParams params = GeneratorParams.create(model).maxLength(32);
        Generator generator = Generator.create(model, params);
        generator.appendTokens(15043, 3186);
        generator.terminate();
        assertThrows(GenAIException.class, generator::isDone);
        assertThrows(GenAIException.class, generator::generateNextToken);
        generator.close();
        assertThrows(IllegalStateException.class, generator::generateNextToken);
        stream.close();
        assertThrows(IllegalStateException.class, () -> stream.decode(1));
        tokenizer.close();
        assertThrows(IllegalStateException.class, () -> tokenizer.encode("x"));
        params.close();
        assertThrows(IllegalStateException.class, () -> params.maxLength(3));
        model.close();
        assertThrows(IllegalStateException.class, model::type);
        model.close(); // idempotent
        assertTinyModelWorks();
    }
}
