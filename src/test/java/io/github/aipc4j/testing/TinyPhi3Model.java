package io.github.aipc4j.testing;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.modelfactory.Phi3Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model factory's tiny Phi-3 for tests: its weights, one model folder per test JVM (model.onnx,
 * genai_config.json, the Phi-3 tokenizer files), and the reference forward pass's greedy tokens, the yardstick
 * every engine is compared with.
 */
public final class TinyPhi3Model {
    public static final Path TOKENIZER = Pins.ROOT.resolve("native/tokenizers/phi3");
    public static final Phi3Weights WEIGHTS = Phi3Weights.generate(Phi3Config.tiny());
    private static Path folder;

    private TinyPhi3Model() {
    }

    /** The shared folder (written on first use; do not modify it: {@link #copy} one instead). */
    public static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("aipc4j-tiny-phi3");
                dir.toFile().deleteOnExit();
                folder = Phi3ModelFolder.write(dir, WEIGHTS, TOKENIZER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** A copy of the folder that the caller may break. */
    public static Path copy(Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(folder())) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /** The reference forward pass's greedy continuation of {@code sequence} (fresh cache). */
    public static int[] referenceGreedy(int[] sequence, int count) {
        return referenceGreedy(WEIGHTS, sequence, count);
    }

    public static int[] referenceGreedy(Phi3Weights weights, int[] sequence, int count) {
        Phi3Reference reference = new Phi3Reference(weights);
        Phi3Reference.Cache cache = reference.newCache();
        float[][] logits = reference.forward(cache, sequence);
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

    /** Index of the largest value, the first on ties (as greedy decoding everywhere). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
