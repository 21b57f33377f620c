package io.github.aipc4j.llm.spi;

import io.github.aipc4j.llm.GenerationConfig;

/**
 * One sequence's KV cache and the step that extends it. The token loop in {@code llm} drives it: it feeds the
 * prompt (or the part of it that is not cached), then each chosen token, and rewinds with {@link #truncate} when a
 * later chat turn diverges from what is cached. Not thread-safe.
 */
public interface Decoder extends AutoCloseable {
    /** Called before each generation with its config (a Java-loop decoder builds its sampler from it). */
    void configure(GenerationConfig config);

    /** Tokens held in the cache. */
    int length();

    /**
     * Forgets every cached position from {@code length} on.
     *
     * @return false when this decoder cannot rewind; the caller then starts over with a new decoder
     */
    boolean truncate(int length);

    /**
     * Appends {@code count} tokens to the sequence (the cache grows by {@code count}) and chooses the next token.
     *
     * @return the next token id
     */
    int next(int[] tokens, int from, int count);

    @Override
    void close();
}
