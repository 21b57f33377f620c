package io.github.aipc4j.genai;

/** An error ONNX Runtime GenAI reported (an {@code OgaResult}), with its message, or a precondition aipc4j checks. */
public class GenAIException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenAIException(String message) {
        super(message);
    }
}
