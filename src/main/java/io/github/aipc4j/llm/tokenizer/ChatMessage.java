package io.github.aipc4j.llm.tokenizer;

import java.util.Objects;

/**
 * One message of a conversation, as chat templates see it ({@code message['role']}, {@code message['content']}).
 *
 * @param role    {@code system}, {@code user}, {@code assistant} (templates may know others)
 * @param content the message text
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
