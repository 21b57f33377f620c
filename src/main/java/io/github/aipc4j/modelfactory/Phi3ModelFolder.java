package io.github.aipc4j.modelfactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a model folder that ONNX Runtime (model.onnx) and ONNX Runtime GenAI (plus genai_config.json and the
 * tokenizer files) load: the same bytes for the same configuration.
 */
public final class Phi3ModelFolder {
    public static final String MODEL_FILE = "model.onnx";
    /** The tokenizer files GenAI and the Java tokenizer read, as native/tokenizer.py writes them. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json");

    private Phi3ModelFolder() {
    }

    /**
     * Writes {@code model.onnx} and {@code genai_config.json} into {@code folder}, and copies the tokenizer files
     * from {@code tokenizer} when it is not null.
     */
    public static Path write(Path folder, Phi3Weights weights, Path tokenizer) throws IOException {
        Files.createDirectories(folder);
        Phi3Onnx.build(weights).write(folder.resolve(MODEL_FILE));
        Files.writeString(folder.resolve("genai_config.json"), GenAiConfig.json(weights.config(), MODEL_FILE),
                StandardCharsets.UTF_8);
        if (tokenizer != null) {
            for (String file : TOKENIZER_FILES) {
                Path source = tokenizer.resolve(file);
                if (!Files.isRegularFile(source)) {
                    throw new IOException("tokenizer file " + source + " is missing: run python3 native/tokenizer.py");
                }
                Files.copy(source, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return folder;
    }
}
