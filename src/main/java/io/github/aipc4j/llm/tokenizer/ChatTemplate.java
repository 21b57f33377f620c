package io.github.aipc4j.llm.tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a conversation into prompt text, as a model was trained to read it. Implementations are thread-safe.
 *
 * <p>{@link #phi3()} is Phi-3's template written in Java. {@link #jinja} and {@link #fromFolder} render any Hugging
 * Face {@code chat_template} (Jinja) as {@code transformers.apply_chat_template} does; see {@link JinjaChatTemplate}.
 */
@FunctionalInterface
public interface ChatTemplate {
    /**
     * @param messages            the conversation so far
     * @param addGenerationPrompt end with the header of the assistant's next turn
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /**
     * A Hugging Face chat template compiled once, rendered with Python-Jinja semantics.
     *
     * @param source   the template's Jinja source
     * @param bosToken {@code bos_token} as the template sees it (null: empty)
     * @param eosToken {@code eos_token} as the template sees it (null: empty)
     * @throws ChatTemplateException when the template does not parse (with the line)
     */
    static JinjaChatTemplate jinja(String source, String bosToken, String eosToken) {
        return JinjaChatTemplate.compile(source, bosToken, eosToken);
    }

    /**
     * The chat template of a model folder: {@code chat_template.jinja}, else {@code chat_template.json}, else the
     * {@code chat_template} of {@code tokenizer_config.json} (the one named {@code default} when it lists several),
     * with {@code bos_token} and {@code eos_token} from {@code tokenizer_config.json}.
     *
     * @throws IllegalArgumentException when the folder has no chat template (callers may fall back to
     *                                  {@link #phi3()}), or a {@link ChatTemplateException} when it does not parse
     */
    static JinjaChatTemplate fromFolder(Path folder) {
        return findInFolder(folder).orElseThrow(() -> new IllegalArgumentException("no chat template in " + folder
                + ": looked for " + ChatTemplateFiles.JINJA + ", " + ChatTemplateFiles.JSON + " and the chat_template "
                + "of " + ChatTemplateFiles.CONFIG + "; pass one with ChatTemplate.jinja(source, bos, eos), or use "
                + "ChatTemplate.phi3() for a Phi-3 model"));
    }

    /** Like {@link #fromFolder}, but empty when the folder has no chat template. */
    static Optional<JinjaChatTemplate> findInFolder(Path folder) {
        return ChatTemplateFiles.find(folder);
    }

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
