package io.github.aipc4j.llm;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One API, three engines: through {@link Engines} and {@link LanguageModel}, the same chat prompt gives the same ids
 * and the same greedy tokens on GenAI, ONNX Runtime and OpenVINO, equal to the reference forward pass (tiny model)
 * and to transformers (the official converters' fixtures). Opened {@code exact}: OpenVINO's CPU default (bf16, u8 KV
 * cache on processors with bf16) may break a near-tie the other way.
 */
class EnginesAgreementTest {
    static final List<ChatMessage> CHAT = List.of(ChatMessage.system("You are a helpful AI assistant."),
            ChatMessage.user("Write one line about Kyiv — Київ — and 東京 🌸."));
    static final Path FIXTURES = Pins.ROOT.resolve("src/test/resources/fixtures/phi3-converted");

    @TempDir
    static Path dir;
    static Path tiny;
    static ReferenceBackend reference;

    @BeforeAll
    static void writeTinyModel() throws IOException {
        reference = ReferenceBackend.tiny();
        tiny = Phi3ModelFolder.write(dir.resolve("tiny"),
                io.github.aipc4j.modelfactory.Phi3Weights.generate(io.github.aipc4j.modelfactory.Phi3Config.tiny()),
                ReferenceBackend.PHI3_TOKENIZER);
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    @Test
    void autoPicksTheEngineFromTheFolder() {
        assertEquals(List.of(Engines.GENAI, Engines.ORT, Engines.OPENVINO), Engines.available(tiny));
        assertEquals(Engines.GENAI, Engines.detect(tiny));
        assertEquals(Engines.OPENVINO, Engines.detect(FIXTURES.resolve("openvino-fp16")));
        assertEquals(List.of(Engines.GENAI, Engines.ORT), Engines.available(FIXTURES.resolve("genai-cpu-fp32")),
                "GroupQueryAttention models are not offered to OpenVINO");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Engines.detect(dir));
        assertTrue(none.getMessage().contains("genai_config.json"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Engines.open(tiny, "tensorflow", "cpu"));
        assertThrows(IllegalArgumentException.class, () -> Engines.open(dir.resolve("missing"), "auto", "cpu"));
    }

    @Test
    void samePromptIdsAndGreedyTokensOnEveryEngineAndTheReference() {
        LanguageModel ref = LanguageModel.of(reference);
        int[] promptIds = ref.promptIds(CHAT);
        int[] expected = ref.generate(promptIds, GenerationConfig.builder().maxNewTokens(24).stopTokenIds().build())
                .result().tokenIds();
        for (String engine : Engines.available(tiny)) {
            try (LanguageModel model = Engines.open(tiny, engine, "cpu", true)) {
                assertEquals(engine, model.engine());
                assertArrayEquals(promptIds, model.promptIds(CHAT), engine + " tokenizes the chat like the others");
                GenerationResult result = model.generate(CHAT, GenerationConfig.builder().maxNewTokens(24)
                        .stopTokenIds().build()).result();
                assertArrayEquals(expected, result.tokenIds(), engine + " greedy tokens");
                assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
                assertEquals(promptIds.length, result.metrics().promptTokens());
                assertTrue(result.metrics().tokensPerSecond() > 0, engine + ": " + result.metrics());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"genai-cpu-fp32/genai", "genai-cpu-fp32/ort", "openvino-fp16/openvino"})
    void converterFixturesGiveTransformersGreedyTokens(String fixtureAndEngine, @TempDir Path copy) throws IOException {
        String[] parts = fixtureAndEngine.split("/");
        Path folder = withTokenizer(FIXTURES.resolve(parts[0]), copy);
        Map<?, ?> reference = (Map<?, ?>) Json.parse(Files.readString(folder.resolve("reference_logits.json")));
        int[] prompt = ints((List<?>) reference.get("prompt_ids"));
        int[] greedy = ints((List<?>) reference.get("greedy_tokens"));
        try (LanguageModel model = Engines.open(folder, parts[1], "cpu", true)) {
            assertArrayEquals(prompt, model.promptIds(List.of(ChatMessage.user("Hello world"))),
                    "the fixture's prompt is Phi-3's chat template around 'Hello world'");
            GenerationResult result = model.generate(prompt, GenerationConfig.builder().maxNewTokens(greedy.length)
                    .stopTokenIds().build()).result();
            assertArrayEquals(greedy, result.tokenIds(), fixtureAndEngine);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.GENAI, Engines.ORT, Engines.OPENVINO})
    void seededSamplingIsReproduciblePerEngine(String engine) {
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(16).stopTokenIds().temperature(1.2)
                .topK(40).topP(0.95).seed(11).build();
        try (LanguageModel model = Engines.open(tiny, engine, "cpu", true)) {
            int[] first = model.generate(CHAT, config).result().tokenIds();
            assertArrayEquals(first, model.generate(CHAT, config).result().tokenIds(), engine);
            int[] greedy = model.generate(CHAT, GenerationConfig.builder().maxNewTokens(16).stopTokenIds().build())
                    .result().tokenIds();
            assertFalse(java.util.Arrays.equals(first, greedy), engine + " samples");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.GENAI, Engines.ORT, Engines.OPENVINO})
    void multiTurnChatReusesTheCacheOnEveryEngine(String engine) {
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(6).stopTokenIds().build();
        try (LanguageModel model = Engines.open(tiny, engine, "cpu", true);
             ChatSession chat = model.chat("You are a helpful AI assistant.")) {
            chat.send("Hello world", config).result();
            GenerationResult second = chat.send("Tell me more.", config).result();
            assertTrue(second.metrics().cachedTokens() > 10, engine + ": " + second.metrics());
            int[] fresh = LanguageModel.of(reference).generate(chat.messages().subList(0, 4), config).result().tokenIds();
            assertArrayEquals(fresh, second.tokenIds(), engine + ": a cached turn answers like a fresh run");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.GENAI, Engines.ORT, Engines.OPENVINO})
    void streamedPiecesNeverSplitACharacter(String engine) {
        try (LanguageModel model = Engines.open(tiny, engine, "cpu", true)) {
            String text = "Київ 東京 🌸🧑‍🚀 é";
            int[] ids = model.codec().encode(text);
            assertTrue(ids.length > text.codePointCount(0, text.length()),
                    "some characters take several byte-fallback tokens: " + java.util.Arrays.toString(ids));
            StringBuilder joined = new StringBuilder();
            try (var stream = model.codec().stream()) {
                for (int id : ids) {
                    String piece = stream.next(id);
                    assertFalse(piece.contains("\uFFFD"), engine + " emitted a broken character for id " + id);
                    if (!piece.isEmpty()) {
                        assertFalse(Character.isHighSurrogate(piece.charAt(piece.length() - 1)),
                                engine + " split a surrogate pair");
                    }
                    joined.append(piece);
                }
            }
            assertEquals(model.codec().decode(ids), joined.toString(), engine);
            assertEquals(text, joined.toString().strip(), engine);
        }
    }

    static Path withTokenizer(Path fixture, Path target) throws IOException {
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(ReferenceBackend.PHI3_TOKENIZER.resolve("tokenizer.json"), target.resolve("tokenizer.json"),
                StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static int[] ints(List<?> values) {
        return values.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }
}
