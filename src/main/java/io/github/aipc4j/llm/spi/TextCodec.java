package io.github.aipc4j.llm.spi;

import io.github.aipc4j.llm.tokenizer.ChatMessage;

import java.util.List;

/** Text ↔ token ids for one engine, and the chat template that turns messages into a prompt. */
public interface TextCodec {
    /** The ids of {@code text}, with the special tokens the tokenizer's configuration adds. */
    int[] encode(String text);

    /** The text of {@code ids}, special tokens skipped. */
    String decode(int[] ids);

    /**
     * An incremental decoder for one generation: each call returns whole characters only (maybe none). Close it when
     * the generation ends (an engine's stream may hold native state).
     */
    TokenTextStream stream();

    /** The prompt text of a conversation, ending with the assistant's turn header when asked. */
    String applyChatTemplate(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** One generation's incremental decoder. */
    @FunctionalInterface
    interface TokenTextStream extends AutoCloseable {
        String next(int tokenId);

        /** Frees what the stream holds; the Java tokenizer's holds nothing native. Idempotent. */
        @Override
        default void close() {
        }
    }
}
