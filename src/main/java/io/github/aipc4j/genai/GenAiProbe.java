package io.github.aipc4j.genai;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.C_POINTER;
import static io.github.aipc4j.bindings.genai.ort_genai_c_h.OgaCreateSequences;
import static io.github.aipc4j.bindings.genai.ort_genai_c_h.OgaDestroyResult;
import static io.github.aipc4j.bindings.genai.ort_genai_c_h.OgaDestroySequences;
import static io.github.aipc4j.bindings.genai.ort_genai_c_h.OgaResultGetError;
import static io.github.aipc4j.bindings.genai.ort_genai_c_h.OgaSequencesCount;

/**
 * Proves the GenAI library is loaded and callable: creates an empty {@code OgaSequences}, counts it and destroys
 * it. (GenAI 0.15 exports no version function; {@link LoadedRuntime#pinnedVersion()} says which one this is.)
 */
public final class GenAiProbe {
    private GenAiProbe() {
    }

    /** The number of sequences in a freshly created {@code OgaSequences} (0 when the runtime works). */
    public static long emptySequencesCount() {
        NativeLoader.load(RuntimeLibrary.GENAI); // loads ONNX Runtime first, as GenAI requires
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            MemorySegment result = OgaCreateSequences(out);
            if (!result.equals(MemorySegment.NULL)) {
                String message = OgaResultGetError(result).getString(0);
                OgaDestroyResult(result);
                throw new IllegalStateException("GenAI: " + message);
            }
            MemorySegment sequences = out.get(C_POINTER, 0);
            try {
                return OgaSequencesCount(sequences);
            } finally {
                OgaDestroySequences(sequences);
            }
        }
    }
}
