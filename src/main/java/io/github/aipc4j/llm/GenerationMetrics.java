package io.github.aipc4j.llm;

/**
 * Counts and times of one generation, measured with {@link System#nanoTime()} on the generating thread.
 *
 * @param promptTokens        tokens fed to the model before the first new one (on a later chat turn: only the
 *                            tokens that were not already in the KV cache)
 * @param cachedTokens        prompt tokens reused from the KV cache of earlier turns
 * @param generatedTokens     tokens produced (a stop token counts; it is not emitted)
 * @param timeToFirstTokenNanos from the start of the generation to the first new token (tokenization, prefill,
 *                            first sampling)
 * @param totalNanos          from the start to the end of the generation
 */
public record GenerationMetrics(int promptTokens, int cachedTokens, int generatedTokens, long timeToFirstTokenNanos,
                                long totalNanos) {

    /** Time to first token in milliseconds. */
    public double timeToFirstTokenMillis() {
        return timeToFirstTokenNanos / 1e6;
    }

    /** Decode speed: tokens after the first, per second of the time after the first (0 with fewer than 2 tokens). */
    public double tokensPerSecond() {
        long decodeNanos = totalNanos - timeToFirstTokenNanos;
        return generatedTokens < 2 || decodeNanos <= 0 ? 0 : (generatedTokens - 1) * 1e9 / decodeNanos;
    }

    /** Prefill speed: prompt tokens per second of the time to first token. */
    public double promptTokensPerSecond() {
        return timeToFirstTokenNanos <= 0 ? 0 : promptTokens * 1e9 / timeToFirstTokenNanos;
    }

    @Override
    public String toString() {
        return String.format("prompt %d tokens (%d cached), generated %d, TTFT %.1f ms, %.1f tokens/s",
                promptTokens, cachedTokens, generatedTokens, timeToFirstTokenMillis(), tokensPerSecond());
    }
}
