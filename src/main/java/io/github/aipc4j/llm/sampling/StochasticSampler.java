package io.github.aipc4j.llm.sampling;

import io.github.aipc4j.llm.GenerationConfig;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Temperature, then top-k, then top-p (nucleus), then a draw from a {@link SplittableRandom} seeded by the config,
 * so one seed gives one answer. Candidates are kept as packed longs (probability bits above, token id below) in one
 * array allocated here, so a step allocates nothing; only the candidates are sorted, not the whole vocabulary.
 */
final class StochasticSampler implements Sampler {
    private final float inverseTemperature;
    private final int topK;
    private final double topP;
    private final SplittableRandom random;
    private final long[] candidates;

    StochasticSampler(GenerationConfig config, int vocabSize) {
        this.inverseTemperature = (float) (1.0 / config.temperature());
        this.topK = config.topK() == 0 ? vocabSize : Math.min(config.topK(), vocabSize);
        this.topP = config.topP();
        this.random = new SplittableRandom(config.seed());
        this.candidates = new long[vocabSize];
    }

    @Override
    public int sample(MemorySegment logits, int vocabSize, int[] context, int contextLength) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            max = Math.max(max, logits.getAtIndex(Samplers.FLOAT, i));
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            return Samplers.argmax(logits, vocabSize);
        }
        double sum = 0;
        for (int i = 0; i < vocabSize; i++) {
            sum += Math.exp((logits.getAtIndex(Samplers.FLOAT, i) - max) * inverseTemperature);
        }
        // Tokens below this probability cannot be among the top-p set unless everything else is (llama2.c's cut),
        // so only a short list is sorted.
        double cutoff = topK < vocabSize || topP >= 1 ? 0 : (1 - topP) / (vocabSize - 1);
        int n = 0;
        for (int i = 0; i < vocabSize; i++) {
            float p = (float) (Math.exp((logits.getAtIndex(Samplers.FLOAT, i) - max) * inverseTemperature) / sum);
            if (p >= cutoff && p > 0) {
                candidates[n++] = ((long) Float.floatToRawIntBits(p) << 32) | i;
            }
        }
        if (n == 0) {
            return Samplers.argmax(logits, vocabSize);
        }
        // Ascending by probability (positive float bits order like the floats); the best are at the end.
        Arrays.sort(candidates, 0, n);
        int first = Math.max(0, n - topK);
        double mass = 0;
        for (int i = n - 1; i >= first; i--) {
            mass += probability(candidates[i]);
        }
        if (topP < 1) {
            double kept = 0;
            int last = n - 1;
            for (int i = n - 1; i >= first; i--) {
                kept += probability(candidates[i]);
                last = i;
                if (kept >= topP * mass) {
                    break;
                }
            }
            first = last;
            mass = kept;
        }
        double u = random.nextDouble() * mass;
        double acc = 0;
        for (int i = n - 1; i >= first; i--) {
            acc += probability(candidates[i]);
            if (u < acc) {
                return (int) candidates[i];
            }
        }
        return (int) candidates[first];
    }

    private static float probability(long candidate) {
        return Float.intBitsToFloat((int) (candidate >>> 32));
    }
}
