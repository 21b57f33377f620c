package io.github.aipc4j.llm.tokenizer;

/**
 * A chat template that cannot be compiled or rendered: a syntax error, a filter, test or function the template
 * engine does not have, or a message the template itself raised with {@code raise_exception(...)} (such as
 * "Conversation roles must alternate user/assistant/user/assistant/...").
 */
public final class ChatTemplateException extends IllegalArgumentException {
    private final int line;
    private final boolean raisedByTemplate;

    ChatTemplateException(String message, int line, boolean raisedByTemplate, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.raisedByTemplate = raisedByTemplate;
    }

    /** The template line (1-based) the error was found on, or 0 when the engine did not say. */
    public int line() {
        return line;
    }

    /**
     * True when the template refused the conversation through {@code raise_exception(message)}; the exception's
     * message is then the template's own text.
     */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}
