package io.github.aipc4j.llm.sampling;

import java.lang.foreign.MemorySegment;

/**
 * Hugging Face's {@code RepetitionPenaltyLogitsProcessor}, in place: each distinct token of the context has its
 * logit divided by the penalty when positive and multiplied when negative.
 */
final class RepetitionPenalty {
    private final float penalty;
    private final boolean[] seen;

    RepetitionPenalty(float penalty, int vocabSize) {
        this.penalty = penalty;
        this.seen = new boolean[vocabSize];
    }

    void apply(MemorySegment logits, int[] context, int length) {
        for (int i = 0; i < length; i++) {
            int id = context[i];
            if (id < 0 || id >= seen.length || seen[id]) {
                continue;
            }
            seen[id] = true;
            float v = logits.getAtIndex(Samplers.FLOAT, id);
            logits.setAtIndex(Samplers.FLOAT, id, v > 0 ? v / penalty : v * penalty);
        }
        for (int i = 0; i < length; i++) {
            int id = context[i];
            if (id >= 0 && id < seen.length) {
                seen[id] = false;
            }
        }
    }
}
