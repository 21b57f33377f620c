package io.github.aipc4j.core;

/**
 * Tensor element types across the runtimes, with their storage width. Sub-byte types (int4/uint4) pack two
 * elements per byte, low nibble first, as ONNX and OpenVINO store them.
 */
public enum ElementType {
    FLOAT32(1, 32),
    UINT8(2, 8),
    INT8(3, 8),
    UINT16(4, 16),
    INT16(5, 16),
    INT32(6, 32),
    INT64(7, 64),
    /** Variable-length UTF-8 strings; no fixed width, stored by the runtime. */
    STRING(8, 0),
    BOOL(9, 8),
    FLOAT16(10, 16),
    FLOAT64(11, 64),
    UINT32(12, 32),
    UINT64(13, 64),
    BFLOAT16(16, 16),
    UINT4(21, 4),
    INT4(22, 4);

    private final int onnx;
    private final int bits;

    ElementType(int onnx, int bits) {
        this.onnx = onnx;
        this.bits = bits;
    }

    /** The {@code ONNXTensorElementDataType} / {@code TensorProto.DataType} number. */
    public int onnxValue() {
        return onnx;
    }

    /** Storage bits per element (0 for strings). */
    public int bits() {
        return bits;
    }

    /** Bytes needed for {@code count} elements (rounded up for sub-byte types). */
    public long byteSize(long count) {
        if (this == STRING) {
            throw new UnsupportedOperationException("string tensors have no fixed byte size");
        }
        return (count * bits + 7) / 8;
    }

    public static ElementType fromOnnx(int value) {
        for (ElementType t : values()) {
            if (t.onnx == value) {
                return t;
            }
        }
        throw new IllegalArgumentException("ONNX element type " + value + " is not supported by aipc4j "
                + "(complex and float8 types are not)");
    }
}
