package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.openvino.OpenVinoException;

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

    /** The exception for a failed call, with OpenVINO's text for it. */
    static OpenVinoException failure(int code, String doing) {
        return OpenVinoException.forStatus(code, doing);
    }
}
