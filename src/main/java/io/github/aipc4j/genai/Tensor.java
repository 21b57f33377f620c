package io.github.aipc4j.genai;

import io.github.aipc4j.core.ElementType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * An {@code OgaTensor}: over the caller's memory without copying ({@link #wrap}), or a copy GenAI made (logits,
 * model inputs and outputs). GenAI does not own wrapped memory and may keep the tensor after it is closed here
 * (a generator given it as a model input does): every generator that holds it checks before each step that the
 * memory is still alive, and refuses to run otherwise.
 */
public final class Tensor extends GenAiResource {
    private final ElementType type;
    private final long[] shape;
    private final MemorySegment data;
    private final MemorySegment borrowed;

    private Tensor(MemorySegment handle, ElementType type, long[] shape, MemorySegment data, MemorySegment borrowed) {
        super(handle);
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.borrowed = borrowed;
    }

    /** A tensor over native {@code memory} (at least the elements' bytes), which must outlive every holder. */
    public static Tensor wrap(MemorySegment memory, ElementType type, long... shape) {
        Oga.load();
        if (!memory.isNative()) {
            throw new IllegalArgumentException("GenAI needs native memory: allocate the segment from an Arena");
        }
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        long bytes = type.byteSize(count);
        if (memory.byteSize() < bytes) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type + " needs " + bytes
                    + " bytes, the segment has " + memory.byteSize());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaCreateTensorFromBuffer(memory, arena.allocateFrom(ValueLayout.JAVA_LONG, shape), shape.length,
                    type.onnxValue(), out), "creating a tensor");
            return new Tensor(out.get(Oga.POINTER, 0), type, shape.clone(), memory.asSlice(0, bytes), memory);
        }
    }

    /** Takes ownership of a tensor GenAI returned. */
    static Tensor adopt(MemorySegment handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment intOut = arena.allocate(ValueLayout.JAVA_INT);
            Oga.check(OgaTensorGetType(handle, intOut), "tensor type");
            ElementType type = ElementType.fromOnnx(intOut.get(ValueLayout.JAVA_INT, 0));
            MemorySegment rank = arena.allocate(ValueLayout.JAVA_LONG);
            Oga.check(OgaTensorGetShapeRank(handle, rank), "tensor rank");
            int r = (int) rank.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, r));
            Oga.check(OgaTensorGetShape(handle, dims, r), "tensor shape");
            long[] shape = r == 0 ? new long[0] : dims.asSlice(0, 8L * r).toArray(ValueLayout.JAVA_LONG);
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            MemorySegment pointer = arena.allocate(Oga.POINTER);
            Oga.check(OgaTensorGetData(handle, pointer), "tensor data");
            MemorySegment data = pointer.get(Oga.POINTER, 0).reinterpret(type.byteSize(count));
            return new Tensor(handle, type, shape, data, null);
        } catch (RuntimeException e) {
            OgaDestroyTensor(handle);
            throw e;
        }
    }

    public ElementType elementType() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The elements, in place. */
    public MemorySegment data() {
        checkAlive();
        return data;
    }

    /** Throws if the caller memory behind a wrapped tensor has been freed. */
    void checkAlive() {
        handle();
        if (borrowed != null && !borrowed.scope().isAlive()) {
            throw new IllegalStateException("the memory this GenAI tensor wraps has been freed (its arena is closed)");
        }
    }

    /** True while the memory behind it is alive (always for tensors GenAI allocated). */
    boolean memoryAlive() {
        return borrowed == null || borrowed.scope().isAlive();
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyTensor(handle);
    }
}
