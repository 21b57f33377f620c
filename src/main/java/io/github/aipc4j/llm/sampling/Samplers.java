package io.github.aipc4j.llm.sampling;

import io.github.aipc4j.llm.GenerationConfig;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Samplers built from a {@link GenerationConfig}: greedy, or penalty → temperature → top-k → top-p → draw. */
public final class Samplers {
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Samplers() {
    }

    /** The sampler a config asks for, with scratch space for {@code vocabSize} logits allocated now, once. */
    public static Sampler create(GenerationConfig config, int vocabSize) {
        Sampler choose = config.doSample() ? new StochasticSampler(config, vocabSize) : Samplers::argmax;
        if (config.repetitionPenalty() == 1.0) {
            return choose;
        }
        RepetitionPenalty penalty = new RepetitionPenalty((float) config.repetitionPenalty(), vocabSize);
        return (logits, vocab, context, length) -> {
            penalty.apply(logits, context, length);
            return choose.sample(logits, vocab, context, length);
        };
    }

    /** Greedy: the index of the largest logit (the first on ties, as Hugging Face and GenAI do). */
    public static Sampler greedy() {
        return Samplers::argmax;
    }

    static int argmax(MemorySegment logits, int vocabSize, int[] context, int contextLength) {
        return argmax(logits, vocabSize);
    }

    /** Index of the largest of {@code n} floats (first on ties; NaN never wins). */
    public static int argmax(MemorySegment logits, int n) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = logits.getAtIndex(FLOAT, i);
            if (v > max) {
                max = v;
                best = i;
            }
        }
        return best;
    }
}
