package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.ov_dimension;
import io.github.aipc4j.bindings.openvino.ov_partial_shape;
import io.github.aipc4j.bindings.openvino.ov_rank_t;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * A shape that may be dynamic: a static or dynamic rank, and per axis a {@link Dimension}. Immutable. Ports report
 * their shapes as partial shapes; {@link Model#reshape} takes them.
 */
public final class PartialShape {
    /** null: dynamic rank. */
    private final Dimension[] dims;

    private PartialShape(Dimension[] dims) {
        this.dims = dims;
    }

    /** A shape of static rank; a length of -1 is a dynamic dimension: {@code of(1, -1)} is {@code [1,?]}. */
    public static PartialShape of(long... lengths) {
        Dimension[] d = new Dimension[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            d[i] = Dimension.of(lengths[i]);
        }
        return new PartialShape(d);
    }

    /** A shape of static rank with the given dimensions. */
    public static PartialShape of(Dimension... dims) {
        for (Dimension d : dims) {
            if (d == null) {
                throw new NullPointerException("dimension");
            }
        }
        return new PartialShape(dims.clone());
    }

    /** A shape whose rank is unknown ({@code [...]}). */
    public static PartialShape dynamicRank() {
        return new PartialShape(null);
    }

    public boolean isRankDynamic() {
        return dims == null;
    }

    /** The rank; throws if it is dynamic. */
    public int rank() {
        if (dims == null) {
            throw new IllegalStateException("the rank is dynamic");
        }
        return dims.length;
    }

    /** Dimension {@code axis}. */
    public Dimension get(int axis) {
        rank();
        return dims[axis];
    }

    /** The dimensions; throws if the rank is dynamic. */
    public List<Dimension> dimensions() {
        rank();
        return List.of(dims);
    }

    /** True when the rank or any dimension is dynamic. */
    public boolean isDynamic() {
        if (dims == null) {
            return true;
        }
        for (Dimension d : dims) {
            if (d.isDynamic()) {
                return true;
            }
        }
        return false;
    }

    public boolean isStatic() {
        return !isDynamic();
    }

    /** The lengths of a static shape. */
    public long[] toShape() {
        if (isDynamic()) {
            throw new IllegalStateException("shape " + this + " is dynamic");
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i].min();
        }
        return shape;
    }

    /** Reads an {@code ov_partial_shape_t} (does not free it). */
    static PartialShape read(MemorySegment shape) {
        MemorySegment rank = ov_partial_shape.rank(shape);
        long min = ov_rank_t.min(rank);
        long max = ov_rank_t.max(rank);
        if (min != max || min < 0) {
            return dynamicRank();
        }
        int n = Math.toIntExact(min);
        MemorySegment array = ov_partial_shape.dims(shape).reinterpret(n * ov_dimension.sizeof());
        Dimension[] d = new Dimension[n];
        for (int i = 0; i < n; i++) {
            MemorySegment dim = ov_dimension.asSlice(array, i);
            d[i] = new Dimension(ov_dimension.min(dim), ov_dimension.max(dim));
        }
        return new PartialShape(d);
    }

    /** An {@code ov_partial_shape_t} in {@code arena}, to pass by value. */
    MemorySegment toNative(Arena arena) {
        MemorySegment shape = ov_partial_shape.allocate(arena);
        MemorySegment rank = ov_partial_shape.rank(shape);
        if (dims == null) {
            ov_rank_t.min(rank, -1);
            ov_rank_t.max(rank, -1);
            ov_partial_shape.dims(shape, MemorySegment.NULL);
            return shape;
        }
        ov_rank_t.min(rank, dims.length);
        ov_rank_t.max(rank, dims.length);
        MemorySegment array = ov_dimension.allocateArray(Math.max(1, dims.length), arena);
        for (int i = 0; i < dims.length; i++) {
            MemorySegment dim = ov_dimension.asSlice(array, i);
            ov_dimension.min(dim, dims[i].min());
            ov_dimension.max(dim, dims[i].max());
        }
        ov_partial_shape.dims(shape, array);
        return shape;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [?,?,32064]}, {@code [1..8,16]}, {@code [...]} for a dynamic rank. */
    @Override
    public String toString() {
        if (dims == null) {
            return "[...]";
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(dims[i]);
        }
        return s.append(']').toString();
    }
}
