package io.github.aipc4j.llm.ort;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.Pins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The tiny Phi-3 folder (written once per JVM, with the tokenizer) and the reference forward pass's greedy tokens. */
final class TinyOrtModel {
    static final Phi3Weights WEIGHTS = Phi3Weights.generate(Phi3Config.tiny());
    static final Path FOLDER = write();
    /** "<s> Hello world, how are you?" in Phi-3's tokenizer. */
    static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};

    private TinyOrtModel() {
    }

    private static Path write() {
        try {
            Path dir = Files.createTempDirectory("aipc4j-ort-tiny");
            dir.toFile().deleteOnExit();
            return Phi3ModelFolder.write(dir, WEIGHTS, Pins.ROOT.resolve("native/tokenizers/phi3"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the folder that a test may break. */
    static Path copy(Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(FOLDER)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /** The reference forward pass's greedy continuation of {@code prompt}: {@code count} tokens. */
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

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Feeds {@code prompt}, then each chosen token, returning {@code count} greedy tokens. */
    static int[] greedy(OrtDecoder decoder, int[] prompt, int count) {
        int[] out = new int[count];
        int[] one = new int[1];
        out[0] = decoder.next(prompt, 0, prompt.length);
        for (int i = 1; i < count; i++) {
            one[0] = out[i - 1];
            out[i] = decoder.next(one, 0, 1);
        }
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
