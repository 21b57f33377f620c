package io.github.aipc4j.cli;

import io.github.aipc4j.modelfactory.OpenVinoIr;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default model: the model factory's tiny Phi-3 (random weights, the real Phi-3 tokenizer), written
 * once to {@code models/demo-tiny} in the checkout. Its answers are noise; it exists so every engine can be run
 * with nothing downloaded.
 */
final class DemoModel {
    static final String FOLDER = "models/demo-tiny";

    private DemoModel() {
    }

    static Path ensure(PrintWriter err) {
        Path project = OpenVinoIr.projectDir();
        Path folder = project.resolve(FOLDER);
        if (Files.isRegularFile(folder.resolve(Phi3ModelFolder.MODEL_FILE))
                && Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            return folder;
        }
        Path tokenizer = project.resolve("native/tokenizers/phi3");
        if (!Files.isRegularFile(tokenizer.resolve("tokenizer.json"))) {
            throw new IllegalStateException("the Phi-3 tokenizer files are missing: run python3 native/tokenizer.py");
        }
        err.printf("creating the tiny demo model in %s (random weights, real Phi-3 tokenizer)...%n", folder);
        err.flush();
        try {
            Phi3ModelFolder.write(folder, Phi3Weights.generate(Phi3Config.tiny()), tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the demo model to " + folder, e);
        }
        return folder;
    }
}
