package io.github.aipc4j.llm.spi;

import io.github.aipc4j.llm.GenerationConfig;
import io.github.aipc4j.llm.sampling.Sampler;
import io.github.aipc4j.llm.sampling.Samplers;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A decoder whose token loop runs in Java: the engine implements {@link #forward} (run the model, return the last
 * position's logits) and this class keeps the token history and samples with a {@link Sampler} built from the
 * generation's config. The history array is sized for the whole context once.
 */
public abstract class LogitsDecoder implements Decoder {
    private final int vocabSize;
    private final int[] history;
    private int length;
    private Sampler sampler = Samplers.greedy();

    protected LogitsDecoder(int vocabSize, int contextLength) {
        this.vocabSize = vocabSize;
        this.history = new int[contextLength];
    }

    /**
     * Runs the model on {@code tokens[from, from + count)} at positions {@code [length(), length() + count)}, storing
     * their keys and values in the cache.
     *
     * @return the logits of the last of these positions: {@code vocabSize} float32 values in native order, writable
     *         by the sampler, valid until the next call
     */
    protected abstract MemorySegment forward(int[] tokens, int from, int count);

    /** Drops cached positions from {@code newLength} on; false when the engine cannot. */
    protected abstract boolean rewind(int newLength);

    /** Throws {@link IllegalStateException} once the decoder is closed; every public call checks it first. */
    protected abstract void ensureOpen();

    @Override
    public void configure(GenerationConfig config) {
        ensureOpen();
        sampler = Samplers.create(config, vocabSize);
    }

    @Override
    public final int length() {
        ensureOpen();
        return length;
    }

    @Override
    public final boolean truncate(int newLength) {
        ensureOpen();
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " cached tokens to " + newLength);
        }
        if (newLength == length) {
            return true;
        }
        if (!rewind(newLength)) {
            return false;
        }
        length = newLength;
        return true;
    }

    @Override
    public final int next(int[] tokens, int from, int count) {
        ensureOpen();
        if (count < 1) {
            throw new IllegalArgumentException("at least one token must be fed, got " + count);
        }
        if (length + count > history.length) {
            throw new IllegalStateException("the context holds " + history.length + " tokens; " + length
                    + " are cached and " + count + " more were fed");
        }
        MemorySegment logits = forward(tokens, from, count);
        System.arraycopy(tokens, from, history, length, count);
        length += count;
        return sampler.sample(logits, vocabSize, history, length);
    }

    /** The cached token ids (a copy). */
    public int[] tokens() {
        return Arrays.copyOf(history, length);
    }
}
