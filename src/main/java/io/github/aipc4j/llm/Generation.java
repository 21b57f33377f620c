package io.github.aipc4j.llm;

import io.github.aipc4j.llm.spi.TextCodec;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;

/**
 * One answer being generated. Nothing runs until it is consumed, in one of three ways, on the consuming thread:
 * <ul>
 *   <li>{@code for (String piece : generation)} — text pieces as they become final (whole characters, never part of
 *       a stop string);</li>
 *   <li>{@link #stream(GenerationListener)} — callbacks per token and per text piece, then the result;</li>
 *   <li>{@link #result()} — run to the end and return the result.</li>
 * </ul>
 * {@link #cancel()} may be called from any thread: the generation ends before its next step with
 * {@link FinishReason#CANCELLED}. A generation is consumed once; {@link #close()} ends an unfinished one and
 * releases its KV cache.
 */
public final class Generation implements Iterable<String>, AutoCloseable {
    /** Starts the loop: acquires the decoder, feeds nothing yet. */
    @FunctionalInterface
    interface Starter {
        TokenLoop start(boolean decodeText, GenerationListener listener);
    }

    private final Starter starter;
    private final TextCodec codec;
    private volatile boolean cancelled;
    private TokenLoop loop;
    private boolean iterating;

    Generation(Starter starter, TextCodec codec) {
        this.starter = starter;
        this.codec = codec;
    }

    /** Ends the generation before its next step; safe from any thread, any number of times. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Whether the generation has ended. */
    public synchronized boolean isDone() {
        return loop != null && loop.finished();
    }

    /**
     * Runs the whole generation on this thread, calling {@code listener} for each token and text piece.
     *
     * @throws IllegalStateException when the generation was already started
     */
    public synchronized GenerationResult stream(GenerationListener listener) {
        start(true, listener);
        return finish();
    }

    /**
     * Runs the whole generation without decoding text per token (the text of the result is decoded once at the
     * end); {@code tokens} sees each id. This is the path with no per-token allocation.
     */
    public synchronized GenerationResult streamTokens(IntConsumer tokens) {
        start(false, new GenerationListener() {
            @Override
            public void onToken(int tokenId) {
                tokens.accept(tokenId);
            }
        });
        return finish();
    }

    /** Runs what is left of the generation and returns its result. */
    public synchronized GenerationResult result() {
        if (loop == null) {
            start(true, new GenerationListener() {
            });
        }
        return finish();
    }

    /** The text pieces, produced as the iterator is advanced. Only one iterator per generation. */
    @Override
    public synchronized Iterator<String> iterator() {
        if (iterating || loop != null) {
            throw new IllegalStateException("this generation was already consumed; generate again for a new answer");
        }
        iterating = true;
        ArrayDeque<String> pieces = new ArrayDeque<>();
        start(true, new GenerationListener() {
            @Override
            public void onText(String piece) {
                pieces.add(piece);
            }
        });
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                synchronized (Generation.this) {
                    while (pieces.isEmpty() && loop.step(cancelled)) {
                        // steps until a piece is final or the generation ends
                    }
                    return !pieces.isEmpty();
                }
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the generation has ended: " + loop.result(codec).finishReason());
                }
                synchronized (Generation.this) {
                    return pieces.poll();
                }
            }
        };
    }

    /** Ends an unfinished generation (as cancelled) and releases its KV cache. */
    @Override
    public synchronized void close() {
        if (loop != null && !loop.finished()) {
            cancel();
            loop.step(true);
        }
    }

    private void start(boolean decodeText, GenerationListener listener) {
        if (loop != null) {
            throw new IllegalStateException("this generation was already consumed; generate again for a new answer");
        }
        loop = starter.start(decodeText, listener);
    }

    private GenerationResult finish() {
        while (loop.step(cancelled)) {
            // one token per step
        }
        return loop.result(codec);
    }
}
