package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.openvino.Core;
import io.github.aipc4j.testing.onnx.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading folders into the OpenVINO engine: optimum-intel's exports (the converter fixtures) generate the recorded
 * tokens, configuration is read from config.json/generation_config.json, and bad folders or devices fail with
 * messages that say what to do.
 */
class OpenVinoBackendTest {
    @TempDir
    Path temp;

    /** fp16: transformers' own greedy tokens (reference_logits.json); int4: what OpenVINO's Python API gave. */
    @ParameterizedTest
    @ValueSource(strings = {"openvino-fp16", "openvino-int4"})
    void optimumExportsGenerateTheRecordedTokens(String fixture) throws IOException {
        Path folder = OvEngineModels.fixtureCopy(fixture, temp);
        int[] prompt = ints(reference(fixture).get("prompt_ids"));
        int[] expected = fixture.equals("openvino-fp16") ? ints(reference(fixture).get("greedy_tokens"))
                : recordedF32(fixture);
        try (OpenVinoBackend backend = OpenVinoBackend.open(folder, "cpu", OvEngineModels.accuracy());
             OpenVinoDecoder decoder = backend.newDecoder()) {
            assertTrue(backend.stateful());
            assertEquals(256, backend.contextLength(), "config.json max_position_embeddings");
            assertEquals(32064, backend.vocabSize());
            assertArrayEquals(new int[] {32000, 32001, 32007}, backend.eosTokenIds(),
                    "generation_config.json's list, not config.json's single 32000");
            int[] tokens = OvEngineModels.greedy(decoder, prompt, expected.length);
            assertArrayEquals(expected, tokens, fixture + ": " + Arrays.toString(tokens));
            assertArrayEquals(prompt, backend.codec().encode(backend.codec().applyChatTemplate(
                    List.of(ChatMessage.user("Hello world")), true)), "the prompt is Phi-3's template of 'Hello world'");
        }
    }

    @Test
    void eosFromConfigJsonAloneAndContextFromGenAiConfig() throws IOException {
        Path folder = OvEngineModels.fixtureCopy("openvino-fp16", temp);
        Files.delete(folder.resolve("generation_config.json"));
        try (OpenVinoBackend backend = OpenVinoBackend.open(folder, "cpu")) {
            assertArrayEquals(new int[] {32000}, backend.eosTokenIds(), "config.json eos_token_id 32000");
        }
        Files.delete(folder.resolve("config.json"));
        assertThrows(IllegalArgumentException.class, () -> OpenVinoBackend.open(folder, "cpu"));
        Files.copy(OvEngineModels.onnxFolder().resolve("genai_config.json"), folder.resolve("genai_config.json"));
        try (OpenVinoBackend backend = OpenVinoBackend.open(folder, "cpu")) {
            assertEquals(256, backend.contextLength());
            assertArrayEquals(new int[] {32000, 32001, 32007}, backend.eosTokenIds());
        }
    }

    @Test
    void aFolderWithoutTokenizerRunsOnIdsAndSaysWhatIsMissingWhenAskedToTokenize() {
        Path folder = OvEngineModels.FIXTURES.resolve("openvino-fp16"); // pruned of tokenizer.json
        try (OpenVinoBackend backend = OpenVinoBackend.open(folder, "cpu", OvEngineModels.accuracy());
             OpenVinoDecoder decoder = backend.newDecoder()) {
            assertEquals(13176, decoder.next(new int[] {32010, 15043, 3186, 32007, 32001}, 0, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, backend::codec);
            assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
        }
    }

    @Test
    void devicesAreNamedInAnyCaseAndUnknownOnesListTheAvailable() {
        Path folder = OvEngineModels.onnxFolder();
        for (String name : new String[] {"cpu", "CPU", "Cpu"}) {
            try (OpenVinoBackend backend = OpenVinoBackend.open(folder, name)) {
                assertEquals("CPU", backend.openVinoDevice());
                assertEquals(name, backend.device());
            }
        }
        List<String> available;
        try (Core core = Core.create()) {
            available = core.deviceNames();
        }
        String missing = available.stream().anyMatch(d -> d.startsWith("NPU")) ? "tpu" : "npu";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenVinoBackend.open(folder, missing));
        assertTrue(e.getMessage().contains("device '" + missing + "' is not available"), e.getMessage());
        assertTrue(e.getMessage().contains(available.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpenVinoBackend.open(folder, " "));
    }

    @Test
    void missingFoldersAndFilesAreNamed() throws IOException {
        Path nowhere = temp.resolve("nowhere");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenVinoBackend.open(nowhere, "cpu"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        Path empty = Files.createDirectories(temp.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> OpenVinoBackend.open(empty, "cpu"));
        assertTrue(e.getMessage().contains("openvino_model.xml") && e.getMessage().contains("model.onnx"),
                e.getMessage());

        Path noBin = OvEngineModels.fixtureCopy("openvino-fp16", temp);
        Files.delete(noBin.resolve("openvino_model.bin"));
        e = assertThrows(IllegalArgumentException.class, () -> OpenVinoBackend.open(noBin, "cpu"));
        assertTrue(e.getMessage().contains("openvino_model.bin is missing"), e.getMessage());

        Path noConfig = Files.createDirectories(temp.resolve("no-config"));
        Files.copy(OvEngineModels.onnxFolder().resolve("model.onnx"), noConfig.resolve("model.onnx"));
        e = assertThrows(IllegalArgumentException.class, () -> OpenVinoBackend.open(noConfig, "cpu"));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void aModelThatIsNotADecoderIsRefusedWithItsInputs() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("not-a-decoder"));
        Files.copy(OvEngineModels.onnxFolder().resolve("genai_config.json"), folder.resolve("genai_config.json"));
        // an ONNX Identity x -> y: a real model, just not a decoder
        TestModels.identity(ElemType.FLOAT, 1, 4).write(folder.resolve("model.onnx"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenVinoBackend.open(folder, "cpu"));
        assertTrue(e.getMessage().contains("[x]") && e.getMessage().contains("input_ids is missing"),
                e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reference(String fixture) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(
                OvEngineModels.FIXTURES.resolve(fixture).resolve("reference_logits.json")));
    }

    /** The f32 greedy tokens OpenVINO's Python API gave when the fixtures were made (as ConverterIrFixturesTest). */
    @SuppressWarnings("unchecked")
    private static int[] recordedF32(String fixture) throws IOException {
        Map<String, Object> all = (Map<String, Object>) Json.parse(Files.readString(
                OvEngineModels.FIXTURES.resolve("verification.json")));
        Map<String, Object> run = (Map<String, Object>) ((Map<String, Object>) all.get(fixture)).get("run_f32");
        return ints(run.get("greedy_tokens"));
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }
}
