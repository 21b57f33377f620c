package io.github.aipc4j.genai;

import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.TinyPhi3Model;

import java.io.IOException;
import java.nio.file.Path;

/** The tiny Phi-3 model folder (written once per JVM) and its reference greedy continuation. */
final class TinyPhi3 {
    static final Phi3Weights WEIGHTS = TinyPhi3Model.WEIGHTS;
    static final Path FOLDER = TinyPhi3Model.folder();

    private TinyPhi3() {
    }

    /** A copy of the folder that the caller may break. */
    static Path copy(Path target) throws IOException {
        return TinyPhi3Model.copy(target);
    }

    static int[] referenceGreedy(int[] prompt, int count) {
        return TinyPhi3Model.referenceGreedy(prompt, count);
    }

    static int argmax(float[] logits) {
        return TinyPhi3Model.argmax(logits);
    }
}
