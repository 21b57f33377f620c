package io.github.aipc4j.llm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How one generation runs: length limit, greedy or sampled decoding, stop conditions. Immutable; build with
 * {@link #builder()} or start from {@link #greedy(int)}. Every value is checked when built, so an invalid config
 * fails with an {@link IllegalArgumentException} naming the field before any model work starts.
 *
 * @param maxNewTokens      tokens to generate at most (the stop token, when one ends the answer, is not counted)
 * @param doSample          false: greedy (argmax, temperature and the other sampling fields are ignored)
 * @param temperature       sampling temperature, &gt; 0
 * @param topK              keep only the k most likely tokens; 0 keeps all
 * @param topP              nucleus: keep the smallest set whose probability reaches p; 1 keeps all
 * @param repetitionPenalty Hugging Face's penalty on tokens already in the context; 1 disables it
 * @param seed              seeds the sampler, so a sampled answer is reproducible on one engine
 * @param stopTokenIds      token ids that end the answer (not emitted); null means the model's own end-of-sequence
 *                          ids (Phi-3: 32000, 32001, 32007)
 * @param stopStrings       texts that end the answer with OpenAI's semantics: matched across token boundaries, and
 *                          neither the stop string nor anything after it is emitted
 */
public record GenerationConfig(int maxNewTokens, boolean doSample, double temperature, int topK, double topP,
                               double repetitionPenalty, long seed, int[] stopTokenIds, List<String> stopStrings) {

    /** The seed that a config without an explicit one uses. */
    public static final long DEFAULT_SEED = 42;

    public GenerationConfig {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature
                    + " (for deterministic output use greedy decoding, doSample=false)");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 keeps every token), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetitionPenalty must be a finite number > 0 (1 disables it), got "
                    + repetitionPenalty);
        }
        if (stopTokenIds != null) {
            stopTokenIds = stopTokenIds.clone();
            for (int id : stopTokenIds) {
                if (id < 0) {
                    throw new IllegalArgumentException("stop token ids must be >= 0, got " + id);
                }
            }
        }
        stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }

    /** Greedy decoding of at most {@code maxNewTokens}, stopping at the model's end-of-sequence ids. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return builder().maxNewTokens(maxNewTokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxNewTokens = maxNewTokens;
        b.doSample = doSample;
        b.temperature = temperature;
        b.topK = topK;
        b.topP = topP;
        b.repetitionPenalty = repetitionPenalty;
        b.seed = seed;
        b.stopTokenIds = stopTokenIds;
        b.stopStrings = stopStrings;
        return b;
    }

    @Override
    public int[] stopTokenIds() {
        return stopTokenIds == null ? null : stopTokenIds.clone();
    }

    /** The stop ids to use: this config's, or {@code modelDefault} when the config names none. */
    public int[] stopTokenIdsOr(int[] modelDefault) {
        return stopTokenIds != null ? stopTokenIds.clone() : modelDefault.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationConfig c && maxNewTokens == c.maxNewTokens && doSample == c.doSample
                && Double.compare(temperature, c.temperature) == 0 && topK == c.topK
                && Double.compare(topP, c.topP) == 0 && Double.compare(repetitionPenalty, c.repetitionPenalty) == 0
                && seed == c.seed && Arrays.equals(stopTokenIds, c.stopTokenIds) && stopStrings.equals(c.stopStrings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxNewTokens, doSample, temperature, topK, topP, repetitionPenalty, seed,
                Arrays.hashCode(stopTokenIds), stopStrings);
    }

    @Override
    public String toString() {
        return "GenerationConfig[maxNewTokens=" + maxNewTokens + (doSample
                ? ", sample temperature=" + temperature + " topK=" + topK + " topP=" + topP + " seed=" + seed
                : ", greedy") + (repetitionPenalty != 1 ? ", repetitionPenalty=" + repetitionPenalty : "")
                + ", stopTokenIds=" + (stopTokenIds == null ? "model's" : Arrays.toString(stopTokenIds))
                + ", stopStrings=" + stopStrings + "]";
    }

    /** Mutable builder; {@link #build()} validates. Defaults: 1024 tokens, greedy, temperature 1, no top-k/top-p. */
    public static final class Builder {
        private int maxNewTokens = 1024;
        private boolean doSample;
        private double temperature = 1.0;
        private int topK;
        private double topP = 1.0;
        private double repetitionPenalty = 1.0;
        private long seed = DEFAULT_SEED;
        private int[] stopTokenIds;
        private List<String> stopStrings = List.of();

        private Builder() {
        }

        public Builder maxNewTokens(int value) {
            maxNewTokens = value;
            return this;
        }

        public Builder greedy() {
            doSample = false;
            return this;
        }

        /** Sampling at this temperature (turns sampling on). */
        public Builder temperature(double value) {
            doSample = true;
            temperature = value;
            return this;
        }

        public Builder doSample(boolean value) {
            doSample = value;
            return this;
        }

        public Builder topK(int value) {
            topK = value;
            return this;
        }

        public Builder topP(double value) {
            topP = value;
            return this;
        }

        public Builder repetitionPenalty(double value) {
            repetitionPenalty = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder stopTokenIds(int... ids) {
            stopTokenIds = ids == null ? null : ids.clone();
            return this;
        }

        public Builder stopStrings(String... strings) {
            stopStrings = List.of(strings);
            return this;
        }

        public Builder stopStrings(List<String> strings) {
            stopStrings = strings;
            return this;
        }

        public GenerationConfig build() {
            return new GenerationConfig(maxNewTokens, doSample, temperature, topK, topP, repetitionPenalty, seed,
                    stopTokenIds, stopStrings);
        }
    }
}
