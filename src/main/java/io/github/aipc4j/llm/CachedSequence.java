package io.github.aipc4j.llm;

import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.llm.spi.Decoder;

import java.util.Arrays;

/**
 * A decoder together with the ids its KV cache holds, so that the next prompt only feeds what differs: the common
 * prefix stays cached, the rest is rewound ({@link Decoder#truncate}) or, where the engine cannot rewind, the
 * sequence starts over with a new decoder.
 */
final class CachedSequence implements AutoCloseable {
    private final Backend backend;
    private Decoder decoder;
    private int[] ids = new int[0];

    CachedSequence(Backend backend) {
        this.backend = backend;
    }

    Decoder decoder() {
        return decoder;
    }

    /**
     * Makes the cache hold a prefix of {@code prompt} that leaves at least one token to feed, configured for
     * {@code config}.
     *
     * @return how many prompt tokens are already cached
     */
    int prepare(int[] prompt, GenerationConfig config) {
        if (decoder == null) {
            decoder = backend.newDecoder();
            ids = new int[0];
        }
        decoder.configure(config);
        int held = Math.min(decoder.length(), ids.length);
        int keep = 0;
        while (keep < held && keep < prompt.length - 1 && ids[keep] == prompt[keep]) {
            keep++;
        }
        if (keep < decoder.length() && !decoder.truncate(keep)) {
            decoder.close();
            decoder = backend.newDecoder();
            decoder.configure(config);
            keep = 0;
        }
        ids = Arrays.copyOf(prompt, keep);
        return keep;
    }

    /** Records what a finished generation left in the cache. */
    void finished(int[] prompt, int[] fedAfterPrompt) {
        int[] all = Arrays.copyOf(prompt, prompt.length + fedAfterPrompt.length);
        System.arraycopy(fedAfterPrompt, 0, all, prompt.length, fedAfterPrompt.length);
        if (decoder.length() == all.length) {
            ids = all;
        } else {
            close();
        }
    }

    /** The cache's state is unknown after a failure: drop the decoder. */
    void broken() {
        close();
    }

    int cachedTokens() {
        return decoder == null ? 0 : Math.min(decoder.length(), ids.length);
    }

    void clear() {
        if (decoder != null && !decoder.truncate(0)) {
            close();
        }
        ids = new int[0];
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        ids = new int[0];
    }
}
