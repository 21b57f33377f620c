package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.core.ElementType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Element type and shape of a tensor or of a model input/output. A dimension the model leaves open is −1 in
 * {@link #shape()}, and its name (e.g. {@code batch}, {@code sequence}; empty if unnamed) is in
 * {@link #symbolicDimensions()} at the same index.
 */
public record TensorInfo(ElementType elementType, long[] shape, List<String> symbolicDimensions) {

    public TensorInfo {
        shape = shape.clone();
        symbolicDimensions = List.copyOf(symbolicDimensions);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Reads an {@code OrtTensorTypeAndShapeInfo} (which the caller still owns). */
    static TensorInfo read(MemorySegment api, Arena arena, MemorySegment info) {
        MemorySegment intOut = arena.allocate(ValueLayout.JAVA_INT);
        Api.check(OrtApi.GetTensorElementType.invoke(OrtApi.GetTensorElementType(api), info, intOut));
        ElementType type = ElementType.fromOnnx(intOut.get(ValueLayout.JAVA_INT, 0));
        MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
        Api.check(OrtApi.GetDimensionsCount.invoke(OrtApi.GetDimensionsCount(api), info, countOut));
        int rank = (int) countOut.get(ValueLayout.JAVA_LONG, 0);
        long[] shape = new long[rank];
        List<String> symbols = new ArrayList<>(rank);
        if (rank > 0) {
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_LONG, rank);
            Api.check(OrtApi.GetDimensions.invoke(OrtApi.GetDimensions(api), info, dims, rank));
            shape = dims.toArray(ValueLayout.JAVA_LONG);
            MemorySegment names = arena.allocate(ValueLayout.ADDRESS, rank);
            Api.check(OrtApi.GetSymbolicDimensions.invoke(OrtApi.GetSymbolicDimensions(api), info, names, rank));
            for (int i = 0; i < rank; i++) {
                MemorySegment name = names.getAtIndex(Api.POINTER, i);
                symbols.add(name.equals(MemorySegment.NULL) ? "" : name.reinterpret(Long.MAX_VALUE).getString(0));
            }
        }
        return new TensorInfo(type, shape, symbols);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.elementType == elementType && Arrays.equals(t.shape, shape)
                && t.symbolicDimensions.equals(symbolicDimensions);
    }

    @Override
    public int hashCode() {
        return elementType.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i] >= 0 ? String.valueOf(shape[i])
                    : symbolicDimensions.get(i).isEmpty() ? "?" : symbolicDimensions.get(i));
        }
        return elementType + "[" + dims + "]";
    }
}
