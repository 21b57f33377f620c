package io.github.aipc4j.modelfactory;

import io.github.aipc4j.testing.TinyPhi3Model;
import static io.github.aipc4j.testing.TestArrays.maxDiff;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the OpenVINO agreement tests share: the prompt, the tolerance and small array helpers. */
final class OvAgreement {
    /** "<s> Hello world" in Phi-3's tokenizer, then some more ids (as in the ORT agreement test). */
    static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};
    static final double TOLERANCE = 1e-4;

    private OvAgreement() {
    }

    /**
     * Asserts that every row of {@code actual} ([1, rows, width]) is within {@link #TOLERANCE} of the reference's and
     * that the logits vary enough for a wrong graph to show; returns the largest difference.
     */
    static double assertRowsAgree(float[][] expected, OvRaw.Output actual, int width, String what) {
        double worst = 0;
        double spread = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = maxDiff(expected[i], actual.row(i, width));
            assertTrue(diff <= TOLERANCE, what + ", position " + i + ": max abs diff " + diff);
            worst = Math.max(worst, diff);
            spread = Math.max(spread, Math.abs(expected[i][TinyPhi3Model.argmax(expected[i])] - expected[i][0]));
        }
        assertTrue(spread > 0.1, "logits barely vary: the test would not notice a wrong graph");
        return worst;
    }

    static int argmax(float[] logits) {
        return TinyPhi3Model.argmax(logits);
    }
}
