package io.github.aipc4j.llm.sampling;

import java.lang.foreign.MemorySegment;

/**
 * Chooses the next token from one position's logits, read in place from native memory (no copy into a Java array).
 * A sampler may modify the logits (repetition penalty works in place); it keeps its scratch arrays and random
 * generator between calls, so it is not thread-safe: one per generation.
 */
@FunctionalInterface
public interface Sampler {
    /**
     * @param logits        {@code vocabSize} float32 values in native byte order
     * @param vocabSize     number of logits
     * @param context       the token ids already in the sequence (prompt and generated), for penalties
     * @param contextLength how many of {@code context} are valid
     * @return the chosen token id, in {@code [0, vocabSize)}
     */
    int sample(MemorySegment logits, int vocabSize, int[] context, int contextLength);
}
