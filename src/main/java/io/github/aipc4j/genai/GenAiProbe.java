package io.github.aipc4j.genai;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeCalls;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Proves the GenAI library is loaded and callable: creates an empty {@code OgaSequences}, counts it and
 * destroys it. Hand-written downcalls until the generated {@code ort_genai_c.h} bindings replace them.
 * (GenAI 0.15 exports no version function; {@link LoadedRuntime#pinnedVersion()} says which one this is.)
 */
public final class GenAiProbe {
    private static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private GenAiProbe() {
    }

    /** The number of sequences in a freshly created {@code OgaSequences} (0 when the runtime works). */
    public static long emptySequencesCount() {
        LoadedRuntime genai = NativeLoader.load(RuntimeLibrary.GENAI);
        MethodHandle create = genai.downcall("OgaCreateSequences", FunctionDescriptor.of(C_POINTER, C_POINTER));
        MethodHandle count = genai.downcall("OgaSequencesCount", FunctionDescriptor.of(ValueLayout.JAVA_LONG, C_POINTER));
        MethodHandle destroy = genai.downcall("OgaDestroySequences", FunctionDescriptor.ofVoid(C_POINTER));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            MemorySegment result = (MemorySegment) create.invokeExact(out);
            check(genai, result);
            MemorySegment sequences = out.get(C_POINTER, 0);
            try {
                return (long) count.invokeExact(sequences);
            } finally {
                destroy.invokeExact(sequences);
            }
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    private static void check(LoadedRuntime genai, MemorySegment result) throws Throwable {
        if (result.equals(MemorySegment.NULL)) {
            return;
        }
        MethodHandle getError = genai.downcall("OgaResultGetError", FunctionDescriptor.of(C_POINTER, C_POINTER));
        MethodHandle destroy = genai.downcall("OgaDestroyResult", FunctionDescriptor.ofVoid(C_POINTER));
        String message = NativeCalls.string((MemorySegment) getError.invokeExact(result));
        destroy.invokeExact(result);
        throw new IllegalStateException("GenAI: " + message);
    }
}
