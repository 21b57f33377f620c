package io.github.aipc4j.llm.ort;

import io.github.aipc4j.ort.OrtException;
import io.github.aipc4j.ort.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Bad devices, folders and configurations fail at {@link OrtBackend#open} with a message that says what to fix. */
class OrtBackendErrorsTest {
    @TempDir
    Path dir;

    private static String message(Throwable t) {
        return t.getMessage();
    }

    @Test
    void unknownDevice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrtBackend.open(TinyOrtModel.FOLDER, "tpu"));
        assertTrue(message(e).contains("unknown device 'tpu' for the ort engine; use one of [cpu, cuda, dml]"), message(e));
    }

    @ParameterizedTest
    @CsvSource({"cuda, CUDAExecutionProvider", "dml, DmlExecutionProvider"})
    void aProviderTheRuntimeLacksNamesTheOnesItHas(String device, String provider) {
        assumeFalse(Providers.available().contains(provider), "this runtime has " + provider);
        OrtException e = assertThrows(OrtException.class, () -> OrtBackend.open(TinyOrtModel.FOLDER, device));
        assertTrue(message(e).contains(provider + ") is not in the loaded ONNX Runtime; it has " + Providers.available()),
                message(e));
    }

    @Test
    void missingFolderConfigAndModelFile() throws IOException {
        IllegalArgumentException noFolder = assertThrows(IllegalArgumentException.class,
                () -> OrtBackend.open(dir.resolve("absent"), "cpu"));
        assertTrue(message(noFolder).contains("absent does not exist"), message(noFolder));

        IllegalArgumentException noConfig = assertThrows(IllegalArgumentException.class, () -> OrtBackend.open(dir, "cpu"));
        assertTrue(message(noConfig).contains("no genai_config.json in " + dir.toAbsolutePath()), message(noConfig));

        Path folder = TinyOrtModel.copy(dir.resolve("copy"));
        Files.delete(folder.resolve("model.onnx"));
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class, () -> OrtBackend.open(folder, "cpu"));
        assertTrue(message(noModel).contains("names the model file " + folder.resolve("model.onnx").toAbsolutePath()
                + " (model.decoder.filename), which does not exist"), message(noModel));
    }

    @Test
    void invalidJson() throws IOException {
        Path folder = TinyOrtModel.copy(dir.resolve("copy"));
        Files.writeString(folder.resolve("genai_config.json"), "{\"model\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrtBackend.open(folder, "cpu"));
        assertTrue(message(e).contains("genai_config.json is not valid JSON"), message(e));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"num_key_value_heads\": 2,|                   | model.decoder.num_key_value_heads is missing",
            "\"num_hidden_layers\": 2|\"num_hidden_layers\": 3| has no input 'past_key_values.2.key' (num_hidden_layers is 3)",
            "\"num_key_value_heads\": 2|\"num_key_value_heads\": 4| has 2 where num_key_value_heads says 4",
            "\"head_size\": 8|\"head_size\": 8.5| model.decoder.head_size must be an integer, got 8.5",
            "\"position_ids\": \"position_ids\"|\"position_ids\": \"positions\"| the graph has inputs the ort engine does not feed: [position_ids]",
            "\"logits\": \"logits\"|\"logits\": \"scores\"| the graph has no output 'scores'",
            "\"past_key_names\": \"past_key_values.%d.key\"|\"past_key_names\": \"past_key_values.key\"| past_key_names must contain %d",
            "\"vocab_size\": 32064|\"vocab_size\": 32000| expected [batch, sequence, 32000] (vocab_size)",
    })
    void configurationsThatDoNotMatchTheGraph(String find, String replace, String expected) throws IOException {
        Path folder = TinyOrtModel.copy(dir.resolve("copy"));
        Path config = folder.resolve("genai_config.json");
        String json = Files.readString(config);
        assertTrue(json.contains(find), "the tiny config no longer has " + find);
        Files.writeString(config, json.replace(find, replace == null ? "" : replace));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrtBackend.open(folder, "cpu"));
        assertTrue(message(e).contains(expected), message(e));
    }

    @Test
    void aSingleEosIdAndNoTokenizer() throws IOException {
        Path folder = TinyOrtModel.copy(dir.resolve("copy"));
        Path config = folder.resolve("genai_config.json");
        Files.writeString(config, Files.readString(config).replace("\"eos_token_id\": [32000, 32001, 32007]", "\"eos_token_id\": 32007"));
        Files.delete(folder.resolve("tokenizer.json"));
        try (OrtBackend backend = OrtBackend.open(folder, "CPU")) {
            assertEquals("cpu", backend.device());
            assertArrayEquals(new int[] {32007}, backend.eosTokenIds());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, backend::codec);
            assertTrue(message(e).contains("no tokenizer.json in"), message(e));
            try (OrtDecoder decoder = backend.newDecoder()) { // token ids still decode
                assertEquals(TinyOrtModel.referenceGreedy(TinyOrtModel.PROMPT, 1)[0],
                        decoder.next(TinyOrtModel.PROMPT, 0, TinyOrtModel.PROMPT.length));
            }
        }
    }
}
