package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;

import java.util.function.IntSupplier;

/**
 * The {@code ov_status_e} codes of the OpenVINO C API. The numbers are read from the generated enum constants, not
 * repeated here.
 */
public enum OpenVinoStatus {
    OK(openvino_h::OK),
    GENERAL_ERROR(openvino_h::GENERAL_ERROR),
    NOT_IMPLEMENTED(openvino_h::NOT_IMPLEMENTED),
    NETWORK_NOT_LOADED(openvino_h::NETWORK_NOT_LOADED),
    PARAMETER_MISMATCH(openvino_h::PARAMETER_MISMATCH),
    NOT_FOUND(openvino_h::NOT_FOUND),
    OUT_OF_BOUNDS(openvino_h::OUT_OF_BOUNDS),
    UNEXPECTED(openvino_h::UNEXPECTED),
    REQUEST_BUSY(openvino_h::REQUEST_BUSY),
    RESULT_NOT_READY(openvino_h::RESULT_NOT_READY),
    NOT_ALLOCATED(openvino_h::NOT_ALLOCATED),
    INFER_NOT_STARTED(openvino_h::INFER_NOT_STARTED),
    NETWORK_NOT_READ(openvino_h::NETWORK_NOT_READ),
    INFER_CANCELLED(openvino_h::INFER_CANCELLED),
    INVALID_C_PARAM(openvino_h::INVALID_C_PARAM),
    UNKNOWN_C_ERROR(openvino_h::UNKNOWN_C_ERROR),
    NOT_IMPLEMENT_C_METHOD(openvino_h::NOT_IMPLEMENT_C_METHOD),
    /** Spelled {@code UNKNOW_EXCEPTION} in the C header: a C++ exception that was not an {@code ov::Exception}. */
    UNKNOWN_EXCEPTION(openvino_h::UNKNOW_EXCEPTION),
    /** A code this version of aipc4j does not know (a newer runtime); {@link #code()} is -1000. */
    UNRECOGNIZED(() -> -1000);

    private final int code;

    OpenVinoStatus(IntSupplier code) {
        this.code = code.getAsInt();
    }

    /** The {@code ov_status_e} value. */
    public int code() {
        return code;
    }

    /**
     * Whether the C API records the exception text for this status (its {@code CATCH_OV_EXCEPTIONS} block does, for
     * these five); for the others the last-error text belongs to some earlier failure.
     */
    boolean carriesMessage() {
        return this == GENERAL_ERROR || this == NOT_IMPLEMENTED || this == REQUEST_BUSY || this == INFER_CANCELLED
                || this == UNKNOWN_EXCEPTION;
    }

    /** The status with this code, or {@link #UNRECOGNIZED}. */
    public static OpenVinoStatus of(int code) {
        for (OpenVinoStatus s : values()) {
            if (s.code == code && s != UNRECOGNIZED) {
                return s;
            }
        }
        return UNRECOGNIZED;
    }
}
