package io.github.aipc4j.openvino;

/**
 * An error reported by the OpenVINO C API: a non-OK {@code ov_status_e}, with the runtime's description of the
 * status ({@code ov_get_error_info}) and, where the C API recorded one, the text of the C++ exception behind it
 * ({@code ov_get_last_err_msg}). Also thrown for preconditions aipc4j checks before calling OpenVINO.
 */
public class OpenVinoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final OpenVinoStatus status;
    private final int code;
    private final String nativeMessage;

    /**
     * @param status        the status (or {@link OpenVinoStatus#UNRECOGNIZED})
     * @param code          the raw {@code ov_status_e} value
     * @param message       the full message
     * @param nativeMessage OpenVINO's exception text, or null when it gave none
     */
    public OpenVinoException(OpenVinoStatus status, int code, String message, String nativeMessage) {
        super(message);
        this.status = status;
        this.code = code;
        this.nativeMessage = nativeMessage;
    }

    /** A failure aipc4j detected itself, without calling OpenVINO. */
    /**
     * The exception for a call that just returned {@code code}, with OpenVINO's own text for it (read under the
     * lock the idiomatic layer holds around calls, so it is the failing call's text unless a caller outside that
     * lock failed in between). For code that calls the generated bindings directly on a hot path.
     */
    public static OpenVinoException forStatus(int code, String doing) {
        Ov.LOCK.lock();
        try {
            return Ov.failure(code, doing);
        } finally {
            Ov.LOCK.unlock();
        }
    }

    public OpenVinoException(OpenVinoStatus status, String message) {
        this(status, status.code(), message, null);
    }

    public OpenVinoStatus status() {
        return status;
    }

    /** The raw {@code ov_status_e} value (differs from {@code status().code()} only for unrecognized codes). */
    public int code() {
        return code;
    }

    /** The text of OpenVINO's C++ exception, or null when the C API recorded none for this failure. */
    public String nativeMessage() {
        return nativeMessage;
    }
}
