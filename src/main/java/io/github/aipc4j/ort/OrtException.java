package io.github.aipc4j.ort;

/** An error reported by ONNX Runtime (an {@code OrtStatus}), or a precondition aipc4j checks before calling it. */
public class OrtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final OrtErrorCode code;

    public OrtException(OrtErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public OrtErrorCode code() {
        return code;
    }
}
