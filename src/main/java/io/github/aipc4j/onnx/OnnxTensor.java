package io.github.aipc4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A constant tensor ({@code TensorProto}) for initializers and TENSOR attributes: dims, element type, name and either
 * little-endian {@code raw_data} or, for STRING, {@code string_data}.
 */
public final class OnnxTensor {
    private final String name;
    private final ElemType type;
    private final long[] dims;
    private final byte[] rawData;
    private final List<String> strings;

    private OnnxTensor(String name, ElemType type, long[] dims, byte[] rawData, List<String> strings) {
        this.name = name;
        this.type = type;
        this.dims = dims.clone();
        this.rawData = rawData == null ? null : rawData.clone();
        this.strings = strings == null ? null : List.copyOf(strings);
    }

    /** A tensor from little-endian bytes, as they go into {@code raw_data} (INT4/UINT4: two a byte, low nibble first). */
    public static OnnxTensor raw(String name, ElemType type, long[] dims, byte[] littleEndian) {
        if (type == ElemType.STRING) {
            throw new IllegalArgumentException("STRING tensors have no raw_data; use strings(...)");
        }
        long expected = (count(dims) * type.bits() + 7) / 8;
        if (littleEndian.length != expected) {
            throw new IllegalArgumentException(
                    "raw data for " + type + Arrays.toString(dims) + " is " + expected + " bytes, not " + littleEndian.length);
        }
        return new OnnxTensor(name, type, dims, littleEndian, null);
    }

    public static OnnxTensor floats(String name, long[] dims, float... values) {
        ByteBuffer b = buffer(dims, values.length, 4);
        b.asFloatBuffer().put(values);
        return raw(name, ElemType.FLOAT, dims, b.array());
    }

    public static OnnxTensor doubles(String name, long[] dims, double... values) {
        ByteBuffer b = buffer(dims, values.length, 8);
        b.asDoubleBuffer().put(values);
        return raw(name, ElemType.DOUBLE, dims, b.array());
    }

    public static OnnxTensor longs(String name, long[] dims, long... values) {
        ByteBuffer b = buffer(dims, values.length, 8);
        b.asLongBuffer().put(values);
        return raw(name, ElemType.INT64, dims, b.array());
    }

    public static OnnxTensor ints(String name, long[] dims, int... values) {
        ByteBuffer b = buffer(dims, values.length, 4);
        b.asIntBuffer().put(values);
        return raw(name, ElemType.INT32, dims, b.array());
    }

    public static OnnxTensor bools(String name, long[] dims, boolean... values) {
        byte[] bytes = new byte[checkCount(dims, values.length)];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return raw(name, ElemType.BOOL, dims, bytes);
    }

    public static OnnxTensor strings(String name, long[] dims, String... values) {
        checkCount(dims, values.length);
        return new OnnxTensor(name, ElemType.STRING, dims, null, Arrays.asList(values));
    }

    /** A rank-0 FLOAT tensor. */
    public static OnnxTensor scalar(String name, float value) {
        return floats(name, new long[0], value);
    }

    /** A rank-0 DOUBLE tensor. */
    public static OnnxTensor scalar(String name, double value) {
        return doubles(name, new long[0], value);
    }

    /** A rank-0 INT64 tensor. */
    public static OnnxTensor scalar(String name, long value) {
        return longs(name, new long[0], value);
    }

    /** A rank-0 INT32 tensor. */
    public static OnnxTensor scalar(String name, int value) {
        return ints(name, new long[0], value);
    }

    /** A rank-0 BOOL tensor. */
    public static OnnxTensor scalar(String name, boolean value) {
        return bools(name, new long[0], value);
    }

    /** The same data under another name. */
    public OnnxTensor named(String newName) {
        return new OnnxTensor(newName, type, dims, rawData, strings);
    }

    public String name() {
        return name;
    }

    public ElemType type() {
        return type;
    }

    public long[] dims() {
        return dims.clone();
    }

    /** The type of a graph input or value_info that matches this tensor. */
    public OnnxTensorType tensorType() {
        return OnnxTensorType.fixed(type, dims);
    }

    /** Writes the {@code TensorProto} fields: dims=1, data_type=2, string_data=6, name=8, raw_data=9. */
    void writeTo(ProtoWriter w) {
        for (long d : dims) {
            w.varint(1, d);
        }
        w.varint(2, type.code());
        if (strings != null) {
            for (String s : strings) {
                w.string(6, s);
            }
        }
        if (name != null) {
            w.string(8, name);
        }
        if (rawData != null) {
            w.bytes(9, rawData);
        }
    }

    private static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dim in " + Arrays.toString(dims));
            }
            n *= d;
        }
        return n;
    }

    private static int checkCount(long[] dims, int values) {
        if (count(dims) != values) {
            throw new IllegalArgumentException(values + " values for dims " + Arrays.toString(dims));
        }
        return values;
    }

    private static ByteBuffer buffer(long[] dims, int values, int width) {
        return ByteBuffer.allocate(checkCount(dims, values) * width).order(ByteOrder.LITTLE_ENDIAN);
    }
}
