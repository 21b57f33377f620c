package io.github.aipc4j.onnx;

/** ONNX {@code TensorProto.DataType}: the element types of tensors, with their numbers in onnx.proto. */
public enum ElemType {
    FLOAT(1, 32), UINT8(2, 8), INT8(3, 8), UINT16(4, 16), INT16(5, 16), INT32(6, 32), INT64(7, 64),
    STRING(8, 0), BOOL(9, 8), FLOAT16(10, 16), DOUBLE(11, 64), UINT32(12, 32), UINT64(13, 64),
    BFLOAT16(16, 16), UINT4(21, 4), INT4(22, 4);

    private final int code;
    private final int bits;

    ElemType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** The number in onnx.proto. */
    public int code() {
        return code;
    }

    /** Bits per element in raw_data (INT4/UINT4 pack two elements a byte, low nibble first); 0 for STRING. */
    public int bits() {
        return bits;
    }

    /** The lowest opset whose operators accept this type (INT4/UINT4 arrived in opset 21). */
    public int minOpset() {
        return this == INT4 || this == UINT4 ? 21 : 17;
    }

    /** The lowest IR version that knows this type (INT4/UINT4 need IR 10). */
    public int minIrVersion() {
        return this == INT4 || this == UINT4 ? 10 : 8;
    }

    public static ElemType of(int code) {
        for (ElemType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("no ElemType with code " + code);
    }
}
