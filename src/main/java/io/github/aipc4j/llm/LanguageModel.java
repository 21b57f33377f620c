package io.github.aipc4j.llm;

import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.llm.spi.TextCodec;
import io.github.aipc4j.llm.tokenizer.ChatMessage;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loaded language model on one engine: the entry point for text generation.
 *
 * <pre>{@code
 * try (LanguageModel model = LanguageModel.open(Path.of("phi3-mini-cpu-int4"))) {
 *     for (String piece : model.generate("Why is the sky blue?", GenerationConfig.greedy(256))) {
 *         System.out.print(piece);
 *     }
 * }
 * }</pre>
 *
 * Thread-safe: generations may run concurrently, each with its own KV cache (one idle cache is kept for reuse).
 * A {@link ChatSession} keeps one cache across turns.
 */
public final class LanguageModel implements AutoCloseable {
    private final Backend backend;
    private final AtomicReference<CachedSequence> idle = new AtomicReference<>();
    private volatile boolean closed;

    private LanguageModel(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** A model over an engine's backend (the engines' own {@code open} methods make them). */
    public static LanguageModel of(Backend backend) {
        return new LanguageModel(backend);
    }

    /** The engine's name: {@code genai}, {@code ort} or {@code openvino}. */
    public String engine() {
        return backend.engine();
    }

    public String device() {
        return backend.device();
    }

    public int contextLength() {
        return backend.contextLength();
    }

    /** The model's end-of-sequence ids: the stop tokens of a config that names none. */
    public int[] eosTokenIds() {
        return backend.eosTokenIds();
    }

    /** This engine's tokenizer and chat template. */
    public TextCodec codec() {
        open();
        return backend.codec();
    }

    /** The prompt ids of a conversation, with the assistant's turn header: what {@link #generate(List, GenerationConfig)} feeds. */
    public int[] promptIds(List<ChatMessage> messages) {
        return codec().encode(codec().applyChatTemplate(messages, true));
    }

    /** Answers one user message (no system message), through the chat template. */
    public Generation generate(String userMessage, GenerationConfig config) {
        return generate(List.of(ChatMessage.user(userMessage)), config);
    }

    /** Answers the last message of a conversation, through the chat template. */
    public Generation generate(List<ChatMessage> messages, GenerationConfig config) {
        return generate(promptIds(messages), config);
    }

    /** Continues raw text, without a chat template. */
    public Generation complete(String text, GenerationConfig config) {
        return generate(codec().encode(text), config);
    }

    /** Continues a sequence of token ids. */
    public Generation generate(int[] promptIds, GenerationConfig config) {
        Objects.requireNonNull(config, "config");
        int[] prompt = checkPrompt(promptIds);
        return new Generation((decodeText, listener) -> {
            open();
            CachedSequence sequence = acquire();
            try {
                sequence.clear();
                sequence.prepare(prompt, config);
            } catch (RuntimeException e) {
                sequence.close();
                throw e;
            }
            TokenLoop[] self = new TokenLoop[1];
            self[0] = new TokenLoop(sequence.decoder(), backend.codec(), prompt, 0, config,
                    config.stopTokenIdsOr(backend.eosTokenIds()), backend.contextLength(), decodeText, listener,
                    () -> {
                        sequence.finished(prompt, self[0].fedAfterPrompt());
                        release(sequence);
                    }, sequence::close);
            return self[0];
        }, backend.codec());
    }

    /**
     * A multi-turn chat that keeps its KV cache between turns.
     *
     * @param systemPrompt the system message, or null for none
     */
    public ChatSession chat(String systemPrompt) {
        open();
        return new ChatSession(this, backend, systemPrompt);
    }

    int[] checkPrompt(int[] promptIds) {
        Objects.requireNonNull(promptIds, "promptIds");
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens: give some text, or chat messages (the chat "
                    + "template adds the role tags)");
        }
        if (promptIds.length >= backend.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + promptIds.length + " tokens but the model's context "
                    + "holds " + backend.contextLength() + " (prompt and answer together): shorten the prompt");
        }
        int vocab = backend.vocabSize();
        for (int id : promptIds) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        return promptIds.clone();
    }

    private CachedSequence acquire() {
        CachedSequence sequence = idle.getAndSet(null);
        return sequence != null ? sequence : new CachedSequence(backend);
    }

    private void release(CachedSequence sequence) {
        if (closed || !idle.compareAndSet(null, sequence)) {
            sequence.close();
        } else if (closed && idle.compareAndSet(sequence, null)) {
            sequence.close();
        }
    }

    void open() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    /** Frees the model and its idle cache; generations still running must be finished or closed first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CachedSequence sequence = idle.getAndSet(null);
        if (sequence != null) {
            sequence.close();
        }
        backend.close();
    }

    @Override
    public String toString() {
        return "LanguageModel[" + backend.engine() + " on " + backend.device() + ", context " + backend.contextLength()
                + "]";
    }
}
