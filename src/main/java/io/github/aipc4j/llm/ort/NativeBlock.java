package io.github.aipc4j.llm.ort;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Large zeroed blocks from the C library's {@code calloc}, 64-byte aligned, owned by an {@link Arena} (freed when it
 * closes, and unreachable from Java afterwards). Used for the KV cache and the prefill logits instead of
 * {@link Arena#allocate}: an arena writes zeros over the whole block up front, committing every page of a cache sized
 * for the full context, whereas a large {@code calloc} maps fresh zero pages that the OS commits only as tokens
 * reach them.
 */
final class NativeBlock {
    private static final long ALIGNMENT = 64;
    private static final MethodHandle CALLOC;
    private static final MethodHandle FREE;

    static {
        Linker linker = Linker.nativeLinker();
        CALLOC = linker.downcallHandle(linker.defaultLookup().find("calloc").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        FREE = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    }

    private NativeBlock() {
    }

    /**
     * A zeroed, 64-byte aligned block of {@code bytes} bytes, freed when {@code owner} closes.
     *
     * @param what what the memory is for, named in the error when the allocation fails
     * @throws OutOfMemoryError when the C library cannot provide it
     */
    static MemorySegment allocate(Arena owner, long bytes, String what) {
        long base;
        try {
            base = (long) CALLOC.invokeExact(1L, bytes + ALIGNMENT);
        } catch (Throwable t) {
            throw new IllegalStateException("calloc failed", t);
        }
        if (base == 0) {
            throw new OutOfMemoryError("could not allocate " + bytes + " bytes of native memory for " + what);
        }
        MemorySegment block = MemorySegment.ofAddress(base).reinterpret(bytes + ALIGNMENT, owner, NativeBlock::free);
        long offset = ((base + ALIGNMENT - 1) & -ALIGNMENT) - base;
        return block.asSlice(offset, bytes);
    }

    private static void free(MemorySegment block) {
        try {
            FREE.invokeExact(block.address());
        } catch (Throwable t) {
            throw new IllegalStateException("free failed", t);
        }
    }
}
