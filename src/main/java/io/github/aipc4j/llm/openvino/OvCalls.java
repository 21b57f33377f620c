package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.openvino.OpenVinoException;
import io.github.aipc4j.openvino.OpenVinoStatus;

import java.lang.foreign.MemorySegment;

/**
 * Status checks for the calls the decoders make straight through the generated bindings on every step. The success
 * path allocates nothing: the description is a constant and the exception is built only on failure.
 */
final class OvCalls {
    private OvCalls() {
    }

    static void check(int status, String doing) {
        if (status != 0) {
            throw failure(status, doing);
        }
    }

    /**
     * The exception for a failed call, with OpenVINO's text for it. That text is process-global in the C API; a
     * failure on another thread in between could replace it (the idiomatic layer serializes this under a lock; the
     * step path does not take it, to stay off the lock on every token).
     */
    static OpenVinoException failure(int code, String doing) {
        OpenVinoStatus status = OpenVinoStatus.of(code);
        String detail = null;
        MemorySegment text = openvino_h.ov_get_last_err_msg();
        if (!text.equals(MemorySegment.NULL)) {
            try {
                detail = text.reinterpret(Long.MAX_VALUE).getString(0).strip();
            } finally {
                openvino_h.ov_free(text);
            }
        }
        String message = doing + ": " + status.name() + (status == OpenVinoStatus.UNRECOGNIZED ? " (status " + code + ")" : "")
                + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        return new OpenVinoException(status, code, message, detail);
    }
}
