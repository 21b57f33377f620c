package io.github.aipc4j.llm.genai;

import io.github.aipc4j.genai.GeneratorParams;
import io.github.aipc4j.llm.GenerationConfig;

/**
 * The part of a {@link GenerationConfig} that GenAI fixes when a generator is created: greedy or sampling with its
 * parameters, and the repetition penalty. Two configs with equal searches can share a generator (and its KV cache);
 * the length limit and stop conditions are the token loop's business, not GenAI's.
 *
 * @param seed GenAI's {@code random_seed} (a non-negative int: GenAI reads -1 as "seed from the clock")
 */
record GenAiSearch(boolean doSample, float temperature, int topK, float topP, float repetitionPenalty, int seed) {

    /**
     * The search a config asks for. Greedy searches ignore the sampling fields, so greedy configs that differ only
     * there are equal. {@code topK} is clamped to the vocabulary (GenAI rejects a larger one).
     */
    static GenAiSearch of(GenerationConfig config, int vocabSize) {
        float penalty = (float) config.repetitionPenalty();
        if (!config.doSample()) {
            return new GenAiSearch(false, 1f, 1, 1f, penalty, 0);
        }
        return new GenAiSearch(true, (float) config.temperature(), Math.min(config.topK(), vocabSize),
                (float) config.topP(), penalty, seed(config.seed()));
    }

    /** GenAI seeds with an int: seeds in [0, 2^31) are used as they are, others folded into that range. */
    static int seed(long seed) {
        return seed >= 0 && seed <= Integer.MAX_VALUE ? (int) seed : Long.hashCode(seed) & Integer.MAX_VALUE;
    }

    /**
     * Sets every search option the loop depends on, overriding the folder's {@code search} section: one sequence,
     * no beams, no minimum length or n-gram rule (the config has neither), {@code max_length} as given.
     */
    void applyTo(GeneratorParams params, int maxLength) {
        params.set("max_length", maxLength)
                .set("batch_size", 1)
                .set("num_beams", 1)
                .set("num_return_sequences", 1)
                .set("min_length", 0)
                .set("no_repeat_ngram_size", 0)
                .set("repetition_penalty", repetitionPenalty)
                .set("do_sample", doSample);
        if (doSample) {
            // GenAI: top_k 0 or 1 with do_sample picks its top-p path (p = 1 keeps every token); > 1 its top-k path
            params.set("temperature", temperature)
                    .set("top_k", topK)
                    .set("top_p", topP)
                    .set("random_seed", seed);
        }
    }
}
