package io.github.aipc4j.llm;

/**
 * What a finished generation produced.
 *
 * @param text         the emitted text (without stop strings and without the stop token's text)
 * @param tokenIds     the generated token ids, in order; a stop token that ended the answer is included as the
 *                     last id
 * @param finishReason why it ended
 * @param metrics      counts and times
 */
public record GenerationResult(String text, int[] tokenIds, FinishReason finishReason, GenerationMetrics metrics) {
    public GenerationResult {
        tokenIds = tokenIds.clone();
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }
}
