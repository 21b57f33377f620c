package io.github.aipc4j.genai;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.Pins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny Phi-3 model folder (written once per JVM) and its reference greedy continuation. */
final class TinyPhi3 {
    static final Phi3Weights WEIGHTS = Phi3Weights.generate(Phi3Config.tiny());
    static final Path FOLDER = write();

    private TinyPhi3() {
    }

    private static Path write() {
        try {
            Path dir = Files.createTempDirectory("aipc4j-tiny-phi3");
            dir.toFile().deleteOnExit();
            return Phi3ModelFolder.write(dir, WEIGHTS, Pins.ROOT.resolve("native/tokenizers/phi3"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the folder that the caller may break. */
    static Path copy(Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(FOLDER)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    static int[] referenceGreedy(int[] prompt, int count) {
        Phi3Reference reference = new Phi3Reference(WEIGHTS);
        Phi3Reference.Cache cache = reference.newCache();
        float[][] logits = reference.forward(cache, prompt);
        int[] tokens = new int[count];
        int token = argmax(logits[logits.length - 1]);
        for (int i = 0; i < count; i++) {
            tokens[i] = token;
            if (i + 1 < count) {
                token = argmax(reference.forward(cache, token)[0]);
            }
        }
        return tokens;
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
