package io.github.aipc4j.llm.ort;

/**
 * The past/present key-value tensors of one decoder: buffers for the whole context, allocated once, bound to the
 * graph's past inputs and present outputs before each run. Not thread-safe.
 */
abstract sealed class KvCache permits PingPongCache, SharedCache {
    /** Binds past and present for a run that appends {@code count} positions to the {@code past} cached ones. */
    abstract void bind(int past, int count);

    /** The run bound last succeeded: its present is now the cache. */
    abstract void commit();

    /** {@link #bind} or the run failed: the cache is still what it was before {@link #bind}. */
    abstract void abandon();

    /** Keeps the first {@code newLength} of {@code length} cached positions. */
    abstract void rewind(int length, int newLength);

    /** Releases the tensors this cache holds (the memory belongs to the decoder's arena). */
    abstract void release();
}
