package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_shape_t;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An OpenVINO tensor ({@code ov_tensor_t}) whose elements live in a {@link MemorySegment}: either the caller's
 * memory, used in place without copying ({@link #wrap}, {@code ov_tensor_create_from_host_ptr}), or memory OpenVINO
 * allocated ({@link #allocate}, {@code ov_tensor_create}; and tensors read from an {@link InferRequest}). Shapes are
 * {@code long[]}; typed accessors read and write in place.
 *
 * <p>A wrapped tensor never outlives its memory unnoticed: once the segment's arena is closed, every use of the
 * tensor (and every inference of a request it was set on) throws {@link IllegalStateException} instead of letting
 * OpenVINO read freed memory. A tensor read from a request is a view of the request's tensor at that moment: after
 * the next inference, read it again (a dynamic-shape output may have been reallocated).
 *
 * <p>Closing a tensor frees only this handle: a request it was set on keeps its own reference. Not thread-safe for
 * writes; concurrent reads are fine.
 */
public final class Tensor extends NativeResource {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private final ElementType type;
    private final long[] shape;
    private final long count;
    private final long byteSize;
    /** The element bytes (empty for string tensors and empty tensors). */
    private final MemorySegment data;
    /** The caller's memory behind a wrapped tensor, checked for liveness before every use; null otherwise. */
    private final MemorySegment borrowed;

    private Tensor(MemorySegment handle, ElementType type, long[] shape, long byteSize, MemorySegment data,
                   MemorySegment borrowed) {
        super(handle);
        this.type = type;
        this.shape = shape;
        this.count = elementCount(shape);
        this.byteSize = byteSize;
        this.data = data;
        this.borrowed = borrowed;
    }

    /**
     * A tensor over the caller's native memory, without copying. The segment must hold at least the elements' bytes
     * and must stay alive while the tensor, or a request it is set on, is used (checked before every use). An empty
     * shape (zero elements) gets an OpenVINO-allocated tensor instead, since OpenVINO refuses a host pointer for it.
     */
    public static Tensor wrap(MemorySegment memory, ElementType type, long... shape) {
        checkType(type);
        long count = elementCount(shape);
        if (!memory.isNative()) {
            throw new IllegalArgumentException("OpenVINO needs native memory: allocate the segment from an Arena");
        }
        if (!memory.scope().isAlive()) {
            throw new IllegalStateException("the segment to wrap has been freed (its arena is closed)");
        }
        long bytes = type.byteSize(count);
        if (memory.byteSize() < bytes) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type + " needs " + bytes
                    + " bytes, the segment has " + memory.byteSize());
        }
        if (count == 0) {
            return allocate(type, shape);
        }
        Ov.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Ov.POINTER);
            MemorySegment shapeStruct = shapeStruct(arena, shape);
            int ovType = OvElementTypes.toOv(type);
            Ov.call(() -> "creating a " + type + " tensor " + Arrays.toString(shape) + " over caller memory",
                    () -> openvino_h.ov_tensor_create_from_host_ptr(ovType, shapeStruct, memory, out));
            return new Tensor(out.get(Ov.POINTER, 0), type, shape.clone(), bytes, memory.asSlice(0, bytes), memory);
        }
    }

    /** A tensor OpenVINO allocates (uninitialised); freed by {@link #close()} and any request holding it. */
    public static Tensor allocate(ElementType type, long... shape) {
        checkType(type);
        elementCount(shape);
        Ov.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Ov.POINTER);
            MemorySegment shapeStruct = shapeStruct(arena, shape);
            int ovType = OvElementTypes.toOv(type);
            Ov.call(() -> "allocating a " + type + " tensor " + Arrays.toString(shape),
                    () -> openvino_h.ov_tensor_create(ovType, shapeStruct, out));
            return adopt(out.get(Ov.POINTER, 0));
        }
    }

    /** An OpenVINO-allocated FLOAT32 tensor holding a copy of {@code values}. */
    public static Tensor of(float[] values, long... shape) {
        Tensor t = allocateFor(ElementType.FLOAT32, values.length, shape);
        MemorySegment.copy(values, 0, t.data, F32, 0, values.length);
        return t;
    }

    /** An OpenVINO-allocated INT64 tensor holding a copy of {@code values}. */
    public static Tensor of(long[] values, long... shape) {
        Tensor t = allocateFor(ElementType.INT64, values.length, shape);
        MemorySegment.copy(values, 0, t.data, I64, 0, values.length);
        return t;
    }

    /** An OpenVINO-allocated INT32 tensor holding a copy of {@code values}. */
    public static Tensor of(int[] values, long... shape) {
        Tensor t = allocateFor(ElementType.INT32, values.length, shape);
        MemorySegment.copy(values, 0, t.data, I32, 0, values.length);
        return t;
    }

    private static Tensor allocateFor(ElementType type, int values, long[] shape) {
        if (elementCount(shape) != values) {
            throw new IllegalArgumentException(values + " values do not fill shape " + Arrays.toString(shape));
        }
        return allocate(type, shape);
    }

    /**
     * Takes ownership of an {@code ov_tensor_t} OpenVINO created, reading its type, shape, byte size and data pointer
     * (one scratch allocation, one hold of the error lock: this runs for every output read); frees it if it cannot
     * be described.
     */
    static Tensor adopt(MemorySegment tensor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(48, 8);
            MemorySegment shapeStruct = scratch.asSlice(0, ov_shape_t.sizeof()); // zeroed
            MemorySegment sizeOut = scratch.asSlice(16, 8);
            MemorySegment dataOut = scratch.asSlice(24, 8);
            MemorySegment typeOut = scratch.asSlice(32, 4);
            int shapeStatus;
            Ov.LOCK.lock();
            try {
                check(openvino_h.ov_tensor_get_element_type(tensor, typeOut), "reading a tensor's element type");
                check(openvino_h.ov_tensor_get_byte_size(tensor, sizeOut), "reading a tensor's byte size");
                check(openvino_h.ov_tensor_data(tensor, dataOut), "reading a tensor's data pointer");
                shapeStatus = openvino_h.ov_tensor_get_shape(tensor, shapeStruct);
                if (shapeStatus != 0 && shapeStatus != openvino_h.INVALID_C_PARAM()) {
                    throw Ov.failure(shapeStatus, "reading a tensor's shape");
                }
            } finally {
                Ov.LOCK.unlock();
            }
            long[] shape;
            if (shapeStatus == 0) {
                try {
                    int rank = Math.toIntExact(ov_shape_t.rank(shapeStruct));
                    shape = rank == 0 ? new long[0]
                            : ov_shape_t.dims(shapeStruct).reinterpret(8L * rank).toArray(ValueLayout.JAVA_LONG);
                } finally {
                    openvino_h.ov_shape_free(shapeStruct);
                }
            } else {
                shape = scalarShape(tensor, arena);
            }
            int ovType = typeOut.get(ValueLayout.JAVA_INT, 0);
            ElementType type = OvElementTypes.fromOv(ovType);
            if (type == null) {
                throw new UnsupportedOperationException("the tensor has element type " + OvElementTypes.name(ovType)
                        + ", which aipc4j does not support");
            }
            long bytes = sizeOut.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment data = bytes > 0 && type != ElementType.STRING
                    ? dataOut.get(Ov.POINTER, 0).reinterpret(bytes) : MemorySegment.NULL;
            return new Tensor(tensor, type, shape, bytes, data, null);
        } catch (RuntimeException e) {
            openvino_h.ov_tensor_free(tensor);
            throw e;
        }
    }

    /** Throws for a non-OK status; for use with {@link Ov#LOCK} held. */
    private static void check(int status, String doing) {
        if (status != 0) {
            throw Ov.failure(status, doing);
        }
    }

    /**
     * {@code ov_tensor_get_shape} refuses a rank-0 shape (INVALID_C_PARAM: {@code ov_shape_create} wants rank &gt; 0),
     * so a tensor of one element for which it failed is a scalar.
     */
    private static long[] scalarShape(MemorySegment tensor, Arena arena) {
        MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
        Ov.call("reading a tensor's size", () -> openvino_h.ov_tensor_get_size(tensor, size));
        if (size.get(ValueLayout.JAVA_LONG, 0) != 1) {
            throw new OpenVinoException(OpenVinoStatus.INVALID_C_PARAM, "reading a tensor's shape: INVALID_C_PARAM");
        }
        return new long[0];
    }

    private static void checkType(ElementType type) {
        if (type == ElementType.STRING) {
            throw new UnsupportedOperationException("string tensors are not supported: the OpenVINO C API has no "
                    + "string getter");
        }
    }

    /** An {@code ov_shape_t} built in {@code arena} (OpenVINO copies the dims); rank 0 is allowed. */
    static MemorySegment shapeStruct(Arena arena, long[] shape) {
        MemorySegment s = ov_shape_t.allocate(arena);
        ov_shape_t.rank(s, shape.length);
        ov_shape_t.dims(s, shape.length == 0 ? arena.allocate(ValueLayout.JAVA_LONG)
                : arena.allocateFrom(ValueLayout.JAVA_LONG, shape));
        return s;
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

    /** Bytes of the elements ({@code ov_tensor_get_byte_size}). */
    public long byteSize() {
        return byteSize;
    }

    /** True when this tensor uses the caller's memory ({@link #wrap}). */
    public boolean wrapsCallerMemory() {
        return borrowed != null;
    }

    /** The element bytes, in place (little-endian, row-major). */
    public MemorySegment data() {
        checkUsable();
        if (type == ElementType.STRING) {
            throw new UnsupportedOperationException("string tensors have no byte view in the OpenVINO C API");
        }
        return data;
    }

    /**
     * The native {@code ov_tensor_t*}, for calls through the generated bindings on a hot path (e.g.
     * {@code ov_tensor_set_shape} on a {@link #wrap wrapped} tensor, which OpenVINO allows within the wrapped
     * memory's size; {@link #shape()} and {@link #data()} keep describing the tensor as made). This object still owns
     * it: never free it.
     *
     * @throws IllegalStateException when the tensor is closed or the memory it wraps has been freed
     */
    public MemorySegment nativeHandle() {
        return pointer();
    }

    /** The {@code ov_tensor_t*}, after checking that the tensor and its memory are alive. */
    MemorySegment pointer() {
        MemorySegment tensor = handle();
        checkUsable();
        return tensor;
    }

    /** The caller's memory this tensor wraps, or null. */
    MemorySegment borrowed() {
        return borrowed;
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

    private MemorySegment typed(ElementType expected, ElementType sameBits) {
        return type == sameBits ? data() : typed(expected);
    }

    public float getFloat(long index) {
        return typed(ElementType.FLOAT32).getAtIndex(F32, index);
    }

    public void setFloat(long index, float value) {
        typed(ElementType.FLOAT32).setAtIndex(F32, index, value);
    }

    /** INT64 or UINT64 (as the same 64 bits). */
    public long getLong(long index) {
        return typed(ElementType.INT64, ElementType.UINT64).getAtIndex(I64, index);
    }

    public void setLong(long index, long value) {
        typed(ElementType.INT64, ElementType.UINT64).setAtIndex(I64, index, value);
    }

    /** INT32 or UINT32 (as the same 32 bits). */
    public int getInt(long index) {
        return typed(ElementType.INT32, ElementType.UINT32).getAtIndex(I32, index);
    }

    public void setInt(long index, int value) {
        typed(ElementType.INT32, ElementType.UINT32).setAtIndex(I32, index, value);
    }

    /** INT8, UINT8 or BOOL (as the same 8 bits). */
    public byte getByte(long index) {
        return (type == ElementType.UINT8 || type == ElementType.BOOL ? data() : typed(ElementType.INT8))
                .get(ValueLayout.JAVA_BYTE, index);
    }

    public void setByte(long index, byte value) {
        (type == ElementType.UINT8 || type == ElementType.BOOL ? data() : typed(ElementType.INT8))
                .set(ValueLayout.JAVA_BYTE, index, value);
    }

    /** A copy of a FLOAT32 tensor's elements. */
    public float[] toFloatArray() {
        MemorySegment d = typed(ElementType.FLOAT32);
        float[] values = new float[Math.toIntExact(count)];
        MemorySegment.copy(d, F32, 0, values, 0, values.length);
        return values;
    }

    /** A copy of an INT64/UINT64 tensor's elements. */
    public long[] toLongArray() {
        MemorySegment d = typed(ElementType.INT64, ElementType.UINT64);
        long[] values = new long[Math.toIntExact(count)];
        MemorySegment.copy(d, I64, 0, values, 0, values.length);
        return values;
    }

    /** A copy of an INT32/UINT32 tensor's elements. */
    public int[] toIntArray() {
        MemorySegment d = typed(ElementType.INT32, ElementType.UINT32);
        int[] values = new int[Math.toIntExact(count)];
        MemorySegment.copy(d, I32, 0, values, 0, values.length);
        return values;
    }

    /** Copies {@code values} into a FLOAT32 tensor (all its elements). */
    public void copyFrom(float[] values) {
        MemorySegment d = typed(ElementType.FLOAT32);
        checkLength(values.length);
        MemorySegment.copy(values, 0, d, F32, 0, values.length);
    }

    /** Copies {@code values} into an INT64/UINT64 tensor (all its elements). */
    public void copyFrom(long[] values) {
        MemorySegment d = typed(ElementType.INT64, ElementType.UINT64);
        checkLength(values.length);
        MemorySegment.copy(values, 0, d, I64, 0, values.length);
    }

    /** Copies {@code values} into an INT32/UINT32 tensor (all its elements). */
    public void copyFrom(int[] values) {
        MemorySegment d = typed(ElementType.INT32, ElementType.UINT32);
        checkLength(values.length);
        MemorySegment.copy(values, 0, d, I32, 0, values.length);
    }

    private void checkLength(int length) {
        if (length != count) {
            throw new IllegalArgumentException(length + " values for a tensor of " + count + " elements "
                    + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + (borrowed != null ? ", wraps caller memory" : "") + "]";
    }

    @Override
    protected void release(MemorySegment handle) {
        openvino_h.ov_tensor_free(handle);
    }
}
