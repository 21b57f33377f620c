package io.github.aipc4j.llm;

import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.llm.tokenizer.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A multi-turn conversation with one KV cache. Each turn renders the whole conversation through the chat template,
 * feeds only the tokens after the longest prefix the cache already holds (usually everything before the new user
 * message), and rewinds the cache where the re-tokenized history differs from what was generated. The answer is
 * appended to the history when the turn ends (a cancelled answer is kept as far as it went, as it was shown).
 * One turn at a time; not thread-safe except {@link Generation#cancel()}.
 */
public final class ChatSession implements AutoCloseable {
    private final LanguageModel model;
    private final Backend backend;
    private final String systemPrompt;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final CachedSequence cache;
    private Generation current;
    private boolean closed;

    ChatSession(LanguageModel model, Backend backend, String systemPrompt) {
        this.model = model;
        this.backend = backend;
        this.systemPrompt = systemPrompt == null || systemPrompt.isEmpty() ? null : systemPrompt;
        this.cache = new CachedSequence(backend);
        reset();
    }

    /** The conversation so far (system message first, when there is one). */
    public List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    /**
     * Sends a user message; the returned generation, once consumed, answers it.
     *
     * @throws IllegalStateException when the previous answer is still being generated, or the session is closed
     * @throws IllegalArgumentException when the conversation no longer fits the context ({@link #reset()} it)
     */
    public Generation send(String userMessage, GenerationConfig config) {
        Objects.requireNonNull(userMessage, "userMessage");
        Objects.requireNonNull(config, "config");
        if (closed) {
            throw new IllegalStateException("the chat session is closed");
        }
        if (current != null && !current.isDone()) {
            throw new IllegalStateException("the previous answer is still being generated: consume or close it first");
        }
        List<ChatMessage> next = new ArrayList<>(messages);
        next.add(ChatMessage.user(userMessage));
        int[] prompt;
        try {
            prompt = model.checkPrompt(model.promptIds(next));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the conversation no longer fits: " + e.getMessage()
                    + "; reset the session", e);
        }
        messages.add(ChatMessage.user(userMessage));
        current = new Generation((decodeText, listener) -> {
            model.open();
            int cached;
            try {
                cached = cache.prepare(prompt, config);
            } catch (RuntimeException e) {
                cache.broken();
                throw e;
            }
            TokenLoop[] self = new TokenLoop[1];
            self[0] = new TokenLoop(cache.decoder(), backend.codec(), prompt, cached, config,
                    config.stopTokenIdsOr(backend.eosTokenIds()), backend.contextLength(), true, listener,
                    () -> {
                        cache.finished(prompt, self[0].fedAfterPrompt());
                        messages.add(ChatMessage.assistant(self[0].result(backend.codec()).text()));
                    }, cache::broken);
            return self[0];
        }, backend.codec());
        return current;
    }

    /** Forgets the conversation (keeps the system message) and empties the cache. */
    public void reset() {
        if (current != null && !current.isDone()) {
            current.close();
        }
        messages.clear();
        if (systemPrompt != null) {
            messages.add(ChatMessage.system(systemPrompt));
        }
        cache.clear();
    }

    /** Tokens the KV cache holds now. */
    public int cachedTokens() {
        return cache.cachedTokens();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (current != null && !current.isDone()) {
                current.close();
            }
            cache.close();
        }
    }
}
