package io.github.aipc4j.llm.tokenizer;

import java.util.List;

/** Turns a conversation into prompt text, as a model was trained to read it. Implementations are thread-safe. */
@FunctionalInterface
public interface ChatTemplate {
    /**
     * @param messages            the conversation so far
     * @param addGenerationPrompt end with the header of the assistant's next turn
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /**
     * Phi-3's template (the {@code chat_template} of Phi-3-mini's {@code tokenizer_config.json}), in Java:
     * {@code <|role|>\ncontent<|end|>\n} per message, then {@code <|assistant|>\n} or {@code <|endoftext|>}.
     */
    static ChatTemplate phi3() {
        return (messages, addGenerationPrompt) -> {
            StringBuilder out = new StringBuilder();
            for (ChatMessage m : messages) {
                switch (m.role()) {
                    case "system", "user", "assistant" ->
                            out.append("<|").append(m.role()).append("|>\n").append(m.content()).append("<|end|>\n");
                    default -> {
                        // Phi-3's template drops roles it does not know.
                    }
                }
            }
            return out.append(addGenerationPrompt ? "<|assistant|>\n" : "<|endoftext|>").toString();
        };
    }
}
