package io.github.aipc4j.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Writes the protobuf wire format by hand: just enough of it to serialize ONNX models in tests without a protobuf
 * library. Every {@code int field} is a field number; the writer appends the tag and the value. Fields are written in
 * the order the caller writes them (ONNX Runtime accepts any order; the ONNX classes here use field-number order, like
 * the reference protobuf serializers do).
 */
public final class ProtoWriter {
    /** Wire types (the low three bits of a tag). */
    public static final int VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

    private byte[] buf = new byte[64];
    private int size;

    /** Appends a base-128 varint without a tag; a negative value takes ten bytes (two's complement, as int64). */
    public ProtoWriter rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        put((byte) value);
        return this;
    }

    /** Appends a tag: {@code (field << 3) | wireType} as a varint. */
    public ProtoWriter tag(int field, int wireType) {
        if (field < 1 || field > 0x1FFF_FFFF) {
            throw new IllegalArgumentException("bad field number " + field);
        }
        return rawVarint(((long) field << 3) | wireType);
    }

    /** An int64/int32/uint64/enum field (varint; negatives in ten bytes, as protobuf does for int32 and int64). */
    public ProtoWriter varint(int field, long value) {
        return tag(field, VARINT).rawVarint(value);
    }

    /** A bool field. */
    public ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    /** A fixed32 field, four little-endian bytes. */
    public ProtoWriter fixed32(int field, int bits) {
        tag(field, FIXED32);
        for (int i = 0; i < 4; i++) {
            put((byte) (bits >>> (8 * i)));
        }
        return this;
    }

    /** A fixed64 field, eight little-endian bytes. */
    public ProtoWriter fixed64(int field, long bits) {
        tag(field, FIXED64);
        for (int i = 0; i < 8; i++) {
            put((byte) (bits >>> (8 * i)));
        }
        return this;
    }

    /** A float field (fixed32, IEEE 754 bits). */
    public ProtoWriter float32(int field, float value) {
        return fixed32(field, Float.floatToRawIntBits(value));
    }

    /** A double field (fixed64, IEEE 754 bits). */
    public ProtoWriter float64(int field, double value) {
        return fixed64(field, Double.doubleToRawLongBits(value));
    }

    /** A bytes field: tag, length, bytes. */
    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, LEN).rawVarint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
        return this;
    }

    /** A string field, UTF-8 encoded. */
    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message; written even when empty (an empty message still marks the field as present). */
    public ProtoWriter message(int field, Consumer<ProtoWriter> body) {
        ProtoWriter nested = new ProtoWriter();
        body.accept(nested);
        return bytes(field, nested.toByteArray());
    }

    /** A packed repeated varint field (one tag, a length, then the varints). */
    public ProtoWriter packedVarints(int field, long... values) {
        return message(field, w -> {
            for (long v : values) {
                w.rawVarint(v);
            }
        });
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
