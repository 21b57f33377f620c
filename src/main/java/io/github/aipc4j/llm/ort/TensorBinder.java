package io.github.aipc4j.llm.ort;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One decoder's {@code OrtIoBinding}, and tensors over memory the decoder owns, made and bound with the raw calls of
 * {@link OrtCalls}. A binding keeps its own reference to each bound {@code OrtValue}, so a tensor that is only bound
 * can be released right after binding; the memory under it belongs to the decoder and outlives the binding.
 * Not thread-safe.
 */
final class TensorBinder {
    final long binding;
    private final long memoryInfo;
    private final MemorySegment out;
    private final long outAddress;

    TensorBinder(long binding, long memoryInfo, Arena arena) {
        this.binding = binding;
        this.memoryInfo = memoryInfo;
        this.out = arena.allocate(ValueLayout.JAVA_LONG);
        this.outAddress = out.address();
    }

    /**
     * An {@code OrtValue} over {@code bytes} bytes at {@code data}, of the shape in the native {@code int64} array at
     * {@code shape} ({@code rank} dimensions, copied by ORT); the caller releases it.
     */
    long tensor(long data, long bytes, long shape, int rank, int onnxType) {
        OrtCalls.check(OrtCalls.createTensor(memoryInfo, data, bytes, shape, rank, onnxType, outAddress),
                "creating a tensor over the decoder's memory", null);
        return out.get(ValueLayout.JAVA_LONG, 0);
    }

    void input(long nativeName, long value, String name) {
        OrtCalls.check(OrtCalls.bindInput(binding, nativeName, value), "binding input", name);
    }

    void output(long nativeName, long value, String name) {
        OrtCalls.check(OrtCalls.bindOutput(binding, nativeName, value), "binding output", name);
    }

    /** Binds a fresh tensor as an input and drops this side's reference to it (the binding keeps one). */
    void bindInput(long nativeName, String name, long data, long bytes, long shape, int rank, int onnxType) {
        long value = tensor(data, bytes, shape, rank, onnxType);
        try {
            input(nativeName, value, name);
        } finally {
            OrtCalls.releaseValue(value);
        }
    }

    /** As {@link #bindInput}, for an output ORT writes into. */
    void bindOutput(long nativeName, String name, long data, long bytes, long shape, int rank, int onnxType) {
        long value = tensor(data, bytes, shape, rank, onnxType);
        try {
            output(nativeName, value, name);
        } finally {
            OrtCalls.releaseValue(value);
        }
    }

    static void release(long value) {
        if (value != 0) {
            OrtCalls.releaseValue(value);
        }
    }
}
