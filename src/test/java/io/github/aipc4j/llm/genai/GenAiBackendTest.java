package io.github.aipc4j.llm.genai;

import io.github.aipc4j.genai.GenAI;
import io.github.aipc4j.genai.GenAIException;
import io.github.aipc4j.llm.GenerationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening a GenAI model folder on a device: what the backend reports, and clear errors for what cannot work. */
class GenAiBackendTest {

    private static <T extends Throwable> void assertMessage(Class<T> type, String fragment, org.junit.jupiter.api.function.Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }

    @Test
    void theTinyFolderReportsItsConfiguration(@TempDir Path dir) throws IOException {
        try (GenAiBackend backend = GenAiBackend.open(TinyModels.tiny(dir.resolve("tiny")), null)) {
            assertEquals("genai", backend.engine());
            assertEquals("cpu", backend.device());
            assertEquals("CPU", backend.model().deviceType().toUpperCase());
            assertEquals(256, backend.contextLength());
            assertEquals(32064, backend.vocabSize());
            assertArrayEquals(new int[] {32000, 32001, 32007}, backend.eosTokenIds());
        }
        try (GenAiBackend limited = GenAiBackend.open(dir.resolve("tiny"), " CPU ", 64);
             GenAiBackend unlimited = GenAiBackend.open(dir.resolve("tiny"), "cpu", 100_000)) {
            assertEquals("cpu", limited.device());
            assertEquals(64, limited.contextLength());
            assertEquals(256, unlimited.contextLength(), "a limit above the model's context changes nothing");
        }
    }

    @Test
    void aConverterFolderReportsItsConfiguration(@TempDir Path dir) throws IOException {
        try (GenAiBackend backend = GenAiBackend.open(TinyModels.fixture("genai-cpu-int4", dir.resolve("int4")), "cpu")) {
            assertEquals(256, backend.contextLength());
            assertEquals(32064, backend.vocabSize());
            assertArrayEquals(new int[] {32000, 32001, 32007}, backend.eosTokenIds());
        }
    }

    @Test
    void unknownDevicesMissingFoldersAndMissingFilesAreClearErrors(@TempDir Path dir) throws IOException {
        Path tiny = TinyModels.tiny(dir.resolve("tiny"));
        assertMessage(IllegalArgumentException.class, "[cpu, cuda, dml]", () -> GenAiBackend.open(tiny, "tpu"));
        assertMessage(IllegalArgumentException.class, "contextLimit", () -> GenAiBackend.open(tiny, "cpu", -1));
        assertMessage(GenAIException.class, "does not exist", () -> GenAiBackend.open(dir.resolve("nope"), "cpu"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertMessage(GenAIException.class, "no genai_config.json", () -> GenAiBackend.open(empty, "cpu"));
        Path noTokenizer = Files.createDirectories(dir.resolve("no-tokenizer"));
        for (String f : new String[] {"model.onnx", "genai_config.json"}) {
            Files.copy(tiny.resolve(f), noTokenizer.resolve(f));
        }
        int open = GenAI.openObjects();
        assertMessage(GenAIException.class, "tokenizer.json", () -> GenAiBackend.open(noTokenizer, "cpu"));
        assertEquals(open, GenAI.openObjects(), "the model loaded before the tokenizer failed is closed");
    }

    /**
     * The pinned GenAI is a CPU build: CUDA and DirectML fail at open with what to install instead. With a GenAI build
     * that has the provider (and its hardware), the model loads there.
     */
    @Test
    void devicesThisBuildLacksSayWhatToUseInstead(@TempDir Path dir) throws IOException {
        Path tiny = TinyModels.tiny(dir.resolve("tiny"));
        for (String device : new String[] {"cuda", "dml"}) {
            GenAiBackend backend;
            try {
                backend = GenAiBackend.open(tiny, device);
            } catch (GenAIException e) {
                assertTrue(e.getMessage().contains("device '" + device + "'"), e.getMessage());
                assertTrue(e.getMessage().contains(device.equals("cuda") ? "onnxruntime-genai-cuda" : "DirectML"), e.getMessage());
                assertTrue(e.getMessage().contains("device 'cpu' works"), e.getMessage());
                continue;
            }
            try (backend; GenAiDecoder decoder = backend.newDecoder()) {
                assertEquals(device.equals("cuda") ? "CUDA" : "DML", backend.model().deviceType().toUpperCase());
                int[] prompt = backend.codec().encode("<|user|>\nHello world<|end|>\n<|assistant|>\n");
                assertEquals(TinyModels.referenceGreedy(prompt, 1)[0], decoder.next(prompt, 0, prompt.length));
            }
        }
    }

    @Test
    void closingTheBackendClosesItsDecodersAndLaterUseThrows(@TempDir Path dir) throws IOException {
        int open = GenAI.openObjects();
        GenAiBackend backend = GenAiBackend.open(TinyModels.tiny(dir.resolve("tiny")), "cpu");
        GenAiDecoder decoder = backend.newDecoder();
        int[] prompt = backend.codec().encode("Hello world");
        decoder.next(prompt, 0, prompt.length);
        GenAiDecoder unused = backend.newDecoder();
        backend.close();
        backend.close();
        assertEquals(open, GenAI.openObjects(), "model, tokenizer and generators are freed");
        assertThrows(IllegalStateException.class, () -> decoder.next(prompt, 0, 1));
        assertThrows(IllegalStateException.class, () -> unused.configure(GenerationConfig.greedy(1)));
        assertThrows(IllegalStateException.class, backend::newDecoder);
        assertThrows(IllegalStateException.class, () -> backend.codec().decode(prompt));
        decoder.close();
    }
}
