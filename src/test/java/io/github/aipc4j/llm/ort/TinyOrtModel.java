package io.github.aipc4j.llm.ort;

import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.TinyPhi3Model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** The tiny Phi-3 folder (written once per JVM, with the tokenizer) and the reference forward pass's greedy tokens. */
final class TinyOrtModel {
    static final Phi3Weights WEIGHTS = TinyPhi3Model.WEIGHTS;
    static final Path FOLDER = TinyPhi3Model.folder();
    /** "<s> Hello world, how are you?" in Phi-3's tokenizer. */
    static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};

    private TinyOrtModel() {
    }

    /** A copy of the folder that a test may break. */
    static Path copy(Path target) throws IOException {
        return TinyPhi3Model.copy(target);
    }

    /** The reference forward pass's greedy continuation of {@code prompt}: {@code count} tokens. */
    static int[] referenceGreedy(int[] prompt, int count) {
        return TinyPhi3Model.referenceGreedy(prompt, count);
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
