package io.github.aipc4j.llm.genai;

import io.github.aipc4j.genai.GenAIException;
import io.github.aipc4j.genai.Generator;
import io.github.aipc4j.genai.GeneratorParams;
import io.github.aipc4j.llm.GenerationConfig;
import io.github.aipc4j.llm.sampling.Samplers;
import io.github.aipc4j.llm.spi.Decoder;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One conversation on GenAI's own loop: a GenAI {@link Generator} (its KV cache, sampler and random state), driven
 * one step at a time by the token loop in {@code llm}.
 *
 * <p>GenAI's generator and this interface count tokens differently: after {@code GenerateNextToken} the chosen
 * token is already in GenAI's sequence, but the model has not run on it yet; when it is an end-of-sequence id of
 * {@code genai_config.json} GenAI does not add it at all and marks the sequence done (it would then produce only
 * padding). This class keeps {@link #length()} = tokens the model has run on and remembers the chosen-but-not-run
 * token: when the loop feeds exactly that token next, {@code GenerateNextToken} runs it (the steady state: three
 * native calls per token, no Java allocation); any other input first settles GenAI's sequence (runs the token, or
 * rewinds it away). Feeding tokens again after an end-of-sequence id works: {@code AppendTokens} clears GenAI's
 * done state.
 *
 * <p>{@code max_length} is the whole context, so GenAI never stops on its own length rule; its maximum counts the
 * chosen token, so when the cache becomes full GenAI cannot choose one, and that last token is chosen in Java from
 * GenAI's logits with the sampler of the config.
 *
 * <p>Not thread-safe (one generator, one thread at a time).
 */
public final class GenAiDecoder implements Decoder {
    private static final int NONE = -1;

    private final GenAiBackend backend;
    private final int contextLength;
    private Generator generator;
    private GenAiSearch search;
    private GenerationConfig config = GenerationConfig.greedy(1);
    private int length;
    /** The token GenAI chose last and holds in its sequence without having run the model on it, or NONE. */
    private int pending = NONE;
    private boolean closed;

    GenAiDecoder(GenAiBackend backend) {
        this.backend = backend;
        this.contextLength = backend.contextLength();
    }

    /**
     * Keeps the generator (and what it caches) when the config's search (greedy or sampling parameters, repetition
     * penalty, seed) equals the current one: a sampled conversation then continues GenAI's random sequence instead
     * of restarting it. Otherwise replaces the generator, and {@link #length()} becomes 0.
     */
    @Override
    public void configure(GenerationConfig config) {
        Objects.requireNonNull(config, "config");
        checkOpen();
        GenAiSearch wanted = GenAiSearch.of(config, backend.vocabSize());
        this.config = config;
        // GenAI seeds its sampler only when a generator is made: a sampled generation gets a fresh one so that
        // one seed gives one answer (the cache is then re-filled; greedy turns keep it).
        if (generator == null || !wanted.equals(search) || config.doSample()) {
            replaceGenerator(wanted);
        }
    }

    private void replaceGenerator(GenAiSearch wanted) {
        dropGenerator();
        // the old generator's KV cache (allocated for the whole context with a shared buffer) is freed first
        try (GeneratorParams params = backend.newParams()) {
            wanted.applyTo(params, contextLength);
            generator = backend.newGenerator(params);
        }
        search = wanted;
    }

    private void dropGenerator() {
        if (generator != null) {
            generator.close();
            generator = null;
        }
        length = 0;
        pending = NONE;
    }

    @Override
    public int length() {
        return length;
    }

    /**
     * GenAI's {@code RewindTo}. Returns false on DirectML for any length but 0 (GenAI cannot append tokens to a
     * non-empty sequence there), and when GenAI refuses (it may have changed part of its state, so the decoder then
     * starts over empty).
     */
    @Override
    public boolean truncate(int newLength) {
        checkOpen();
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " cached tokens to " + newLength);
        }
        if (newLength == length) {
            return true; // a pending token is dropped or run by the next call to next()
        }
        if (newLength > 0 && !backend.continuousDecoding()) {
            return false;
        }
        try {
            generator.rewindTo(newLength);
        } catch (GenAIException refused) {
            // GenAI may have changed part of its state before refusing: start over with a fresh generator
            replaceGenerator(search);
            return false;
        }
        length = newLength;
        pending = NONE;
        return true;
    }

    @Override
    public int next(int[] tokens, int from, int count) {
        checkOpen();
        Objects.checkFromIndexSize(from, count, tokens.length);
        if (count < 1) {
            throw new IllegalArgumentException("at least one token must be fed, got " + count);
        }
        if (length + count > contextLength) {
            throw new IllegalStateException("the context holds " + contextLength + " tokens; " + length
                    + " are cached and " + count + " more were fed");
        }
        if (generator == null) {
            replaceGenerator(GenAiSearch.of(config, backend.vocabSize()));
        }
        if (pending != NONE && count == 1 && tokens[from] == pending && length + 1 < contextLength) {
            generator.generateNextToken(); // runs the model on the pending token, then chooses
            length++;
            return chosen();
        }
        return settleAndNext(tokens, from, count);
    }

    /** Every case but the steady state: the fed tokens do not simply continue GenAI's sequence. */
    private int settleAndNext(int[] tokens, int from, int count) {
        int[] feed = tokens;
        int start = from;
        int n = count;
        if (pending != NONE) {
            if (tokens[from] == pending) {
                generator.logits(); // runs the model on the pending token without choosing one
                length++;
                start++;
                n--;
            } else {
                // RewindTo refuses a length equal to what the KV cache holds, so the pending token cannot be
                // dropped alone: drop the last cached token with it and feed that one again
                int last = generator.sequence(0)[length - 1];
                generator.rewindTo(length - 1);
                length--;
                feed = new int[count + 1];
                feed[0] = last;
                System.arraycopy(tokens, from, feed, 1, count);
                start = 0;
                n = count + 1;
            }
            pending = NONE;
        }
        if (n > 0) {
            generator.appendTokens(feed, start, n);
            length += n;
        }
        if (length < contextLength) {
            generator.generateNextToken();
            return chosen();
        }
        // the cache is full: GenAI's max_length counts the chosen token, so it will not choose one
        float[] logits = generator.logits();
        return Samplers.create(config, backend.vocabSize())
                .sample(MemorySegment.ofArray(logits), backend.vocabSize(), generator.sequence(0), length);
    }

    /** The token GenAI just chose; remembers it as pending when GenAI appended it to its sequence (not an EOS). */
    private int chosen() {
        int token = generator.nextToken();
        pending = generator.tokenCount() > length ? token : NONE;
        return token;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this GenAI decoder is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            dropGenerator();
            backend.decoderClosed(this);
        }
    }
}
