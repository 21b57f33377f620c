package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor {@code OrtValue} whose elements live in a {@link MemorySegment}: either the caller's memory, wrapped
 * without copying ({@link #wrap}), or memory ONNX Runtime allocated ({@link #allocate}, run outputs). Shapes and
 * sizes are {@code long}: nothing here stops at 2 GB. Typed accessors read and write in place, without boxing;
 * fp16 and bf16 convert to and from {@code float}; int4/uint4 hold two elements per byte, low nibble first.
 *
 * <p>A wrapped tensor never outlives its memory unnoticed: once the segment's arena is closed, every use of
 * the tensor throws {@link IllegalStateException} instead of letting ONNX Runtime read freed memory. Not
 * thread-safe for writes; concurrent reads are fine.
 */
public final class Tensor extends NativeResource {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final ElementType type;
    private final long[] shape;
    private final long count;
    /** The element bytes (empty for strings). */
    private final MemorySegment data;
    /** The caller's memory behind a wrapped tensor, checked for liveness before every use; null otherwise. */
    private final MemorySegment borrowed;

    private Tensor(MemorySegment value, ElementType type, long[] shape, MemorySegment data, MemorySegment borrowed) {
        super(value);
        this.type = type;
        this.shape = shape;
        this.count = elementCount(shape);
        this.data = data;
        this.borrowed = borrowed;
    }

    /**
     * A tensor over the caller's native memory, without copying. The segment must hold at least the elements'
     * bytes and must stay alive while the tensor is used (checked).
     */
    public static Tensor wrap(MemorySegment memory, ElementType type, long... shape) {
        if (type == ElementType.STRING) {
            throw new IllegalArgumentException("string tensors cannot wrap memory: use Tensor.ofStrings");
        }
        if (!memory.isNative()) {
            throw new IllegalArgumentException("ONNX Runtime needs native memory: allocate the segment from an Arena");
        }
        long bytes = type.byteSize(elementCount(shape));
        if (memory.byteSize() < bytes) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type + " needs " + bytes
                    + " bytes, the segment has " + memory.byteSize());
        }
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateTensorWithDataAsOrtValue.invoke(OrtApi.CreateTensorWithDataAsOrtValue(api),
                    Api.cpuMemoryInfo(), memory, bytes, shapeSegment(arena, shape), shape.length, type.onnxValue(), out),
                    "creating a tensor over caller memory");
            return new Tensor(out.get(Api.POINTER, 0), type, shape.clone(), memory.asSlice(0, bytes), memory);
        }
    }

    /** A tensor ONNX Runtime allocates (uninitialised, for numeric types); freed by {@link #close()}. */
    public static Tensor allocate(ElementType type, long... shape) {
        MemorySegment value = create(type, shape);
        return adopt(value);
    }

    /** A string tensor holding {@code values} (UTF-8), in row-major order. */
    public static Tensor ofStrings(List<String> values, long... shape) {
        if (elementCount(shape) != values.size()) {
            throw new IllegalArgumentException(values.size() + " strings do not fill shape " + Arrays.toString(shape));
        }
        MemorySegment value = create(ElementType.STRING, shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(ValueLayout.ADDRESS, Math.max(1, values.size()));
            for (int i = 0; i < values.size(); i++) {
                array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
            }
            Api.check(OrtApi.FillStringTensor.invoke(OrtApi.FillStringTensor(Api.get()), value, array, values.size()),
                    "filling a string tensor");
        } catch (RuntimeException e) {
            OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(Api.get()), value);
            throw e;
        }
        return adopt(value);
    }

    private static MemorySegment create(ElementType type, long[] shape) {
        elementCount(shape);
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateTensorAsOrtValue.invoke(OrtApi.CreateTensorAsOrtValue(api), Api.allocator(),
                    shapeSegment(arena, shape), shape.length, type.onnxValue(), out), "allocating a " + type + " tensor");
            return out.get(Api.POINTER, 0);
        }
    }

    /** Takes ownership of an {@code OrtValue} ORT created (a run output, a bound output). */
    static Tensor adopt(MemorySegment value) {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
            Api.check(OrtApi.IsTensor.invoke(OrtApi.IsTensor(api), value, flag));
            if (flag.get(ValueLayout.JAVA_INT, 0) == 0) {
                throw new OrtException(OrtErrorCode.NOT_IMPLEMENTED, "the value is not a tensor (a sequence or map); "
                        + "aipc4j reads tensor outputs only");
            }
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.GetTensorTypeAndShape.invoke(OrtApi.GetTensorTypeAndShape(api), value, out));
            MemorySegment info = out.get(Api.POINTER, 0);
            ElementType type;
            long[] shape;
            try {
                TensorInfo described = TensorInfo.read(api, arena, info);
                type = described.elementType();
                shape = described.shape();
            } finally {
                OrtApi.ReleaseTensorTypeAndShapeInfo.invoke(OrtApi.ReleaseTensorTypeAndShapeInfo(api), info);
            }
            MemorySegment data = MemorySegment.NULL;
            if (type != ElementType.STRING) {
                Api.check(OrtApi.GetTensorMutableData.invoke(OrtApi.GetTensorMutableData(api), value, out));
                data = out.get(Api.POINTER, 0).reinterpret(type.byteSize(elementCount(shape)));
            }
            return new Tensor(value, type, shape, data, null);
        } catch (RuntimeException e) {
            OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(api), value);
            throw e;
        }
    }

    private static MemorySegment shapeSegment(Arena arena, long[] shape) {
        return shape.length == 0 ? arena.allocate(ValueLayout.JAVA_LONG) : arena.allocateFrom(ValueLayout.JAVA_LONG, shape);
    }

    static long elementCount(long[] shape) {
        return io.github.aipc4j.core.Shapes.elementCount(shape);
    }

    public ElementType elementType() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return count;
    }

    /** The element bytes, in place (little-endian, row-major). Not available for string tensors. */
    public MemorySegment data() {
        checkUsable();
        if (type == ElementType.STRING) {
            throw new UnsupportedOperationException("string tensors have no byte view: use strings()");
        }
        return data;
    }

    /** The {@code OrtValue*}, after checking that the tensor and its memory are alive. */
    MemorySegment pointer() {
        MemorySegment value = handle();
        checkUsable();
        return value;
    }

    private void checkUsable() {
        handle();
        if (borrowed != null && !borrowed.scope().isAlive()) {
            throw new IllegalStateException("the memory this tensor wraps has been freed (its arena is closed)");
        }
    }

    private MemorySegment typed(ElementType expected) {
        if (type != expected) {
            throw new IllegalArgumentException("this tensor holds " + type + ", not " + expected);
        }
        return data();
    }

    public float getFloat(long index) {
        return typed(ElementType.FLOAT32).getAtIndex(F32, index);
    }

    public void setFloat(long index, float value) {
        typed(ElementType.FLOAT32).setAtIndex(F32, index, value);
    }

    public double getDouble(long index) {
        return typed(ElementType.FLOAT64).getAtIndex(F64, index);
    }

    public void setDouble(long index, double value) {
        typed(ElementType.FLOAT64).setAtIndex(F64, index, value);
    }

    /** INT64 or UINT64 (as the same 64 bits). */
    public long getLong(long index) {
        return (type == ElementType.UINT64 ? data() : typed(ElementType.INT64)).getAtIndex(I64, index);
    }

    public void setLong(long index, long value) {
        (type == ElementType.UINT64 ? data() : typed(ElementType.INT64)).setAtIndex(I64, index, value);
    }

    /** INT32 or UINT32 (as the same 32 bits). */
    public int getInt(long index) {
        return (type == ElementType.UINT32 ? data() : typed(ElementType.INT32)).getAtIndex(I32, index);
    }

    public void setInt(long index, int value) {
        (type == ElementType.UINT32 ? data() : typed(ElementType.INT32)).setAtIndex(I32, index, value);
    }

    /** INT16 or UINT16 (as the same 16 bits). */
    public short getShort(long index) {
        return (type == ElementType.UINT16 ? data() : typed(ElementType.INT16)).getAtIndex(I16, index);
    }

    public void setShort(long index, short value) {
        (type == ElementType.UINT16 ? data() : typed(ElementType.INT16)).setAtIndex(I16, index, value);
    }

    /** INT8 or UINT8 (as the same 8 bits). */
    public byte getByte(long index) {
        return (type == ElementType.UINT8 ? data() : typed(ElementType.INT8)).get(ValueLayout.JAVA_BYTE, index);
    }

    public void setByte(long index, byte value) {
        (type == ElementType.UINT8 ? data() : typed(ElementType.INT8)).set(ValueLayout.JAVA_BYTE, index, value);
    }

    public boolean getBoolean(long index) {
        return typed(ElementType.BOOL).get(ValueLayout.JAVA_BYTE, index) != 0;
    }

    public void setBoolean(long index, boolean value) {
        typed(ElementType.BOOL).set(ValueLayout.JAVA_BYTE, index, (byte) (value ? 1 : 0));
    }

    /** An IEEE half-precision element, widened to float. */
    public float getFloat16(long index) {
        return Float.float16ToFloat(typed(ElementType.FLOAT16).getAtIndex(I16, index));
    }

    public void setFloat16(long index, float value) {
        typed(ElementType.FLOAT16).setAtIndex(I16, index, Float.floatToFloat16(value));
    }

    /** A bfloat16 element (the upper half of a float32), widened to float. */
    public float getBFloat16(long index) {
        return Float.intBitsToFloat((typed(ElementType.BFLOAT16).getAtIndex(I16, index) & 0xFFFF) << 16);
    }

    /** Stores {@code value} as bfloat16, rounding to nearest even. */
    public void setBFloat16(long index, float value) {
        int bits = Float.floatToRawIntBits(value);
        int rounded = Float.isNaN(value) ? (bits >>> 16) | 0x40 : (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
        typed(ElementType.BFLOAT16).setAtIndex(I16, index, (short) rounded);
    }

    /** An INT4 (−8..7) or UINT4 (0..15) element. */
    public int getInt4(long index) {
        int nibble = nibbles().get(ValueLayout.JAVA_BYTE, index >>> 1) >> ((index & 1) * 4) & 0xF;
        return type == ElementType.INT4 && nibble > 7 ? nibble - 16 : nibble;
    }

    public void setInt4(long index, int value) {
        int min = type == ElementType.INT4 ? -8 : 0;
        if (value < min || value > min + 15) {
            throw new IllegalArgumentException(value + " does not fit " + type);
        }
        MemorySegment bytes = nibbles();
        long at = index >>> 1;
        int shift = (int) (index & 1) * 4;
        int old = bytes.get(ValueLayout.JAVA_BYTE, at);
        bytes.set(ValueLayout.JAVA_BYTE, at, (byte) ((old & ~(0xF << shift)) | ((value & 0xF) << shift)));
    }

    private MemorySegment nibbles() {
        if (type != ElementType.INT4 && type != ElementType.UINT4) {
            throw new IllegalArgumentException("this tensor holds " + type + ", not INT4/UINT4");
        }
        return data();
    }

    /** The elements of a string tensor, decoded as UTF-8. */
    public List<String> strings() {
        MemorySegment value = pointer();
        if (type != ElementType.STRING) {
            throw new IllegalArgumentException("this tensor holds " + type + ", not STRING");
        }
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(ValueLayout.JAVA_LONG);
            Api.check(OrtApi.GetStringTensorDataLength.invoke(OrtApi.GetStringTensorDataLength(api), value, length));
            long total = length.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment chars = arena.allocate(Math.max(1, total));
            MemorySegment offsets = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, count));
            Api.check(OrtApi.GetStringTensorContent.invoke(OrtApi.GetStringTensorContent(api), value, chars, total,
                    offsets, count));
            List<String> result = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                long start = offsets.getAtIndex(ValueLayout.JAVA_LONG, i);
                long end = i + 1 < count ? offsets.getAtIndex(ValueLayout.JAVA_LONG, i + 1) : total;
                result.add(new String(chars.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            }
            return result;
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + (borrowed != null ? ", wraps caller memory" : "") + "]";
    }

    @Override
    protected void release(MemorySegment handle) {
        OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(Api.get()), handle);
    }
}
