package io.github.aipc4j.genai;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenAiSmokeTest {
    @Test
    void callsIntoTheRealLibraryAfterOnnxRuntime() {
        assertEquals(0, GenAiProbe.emptySequencesCount());
        LoadedRuntime genai = NativeLoader.loaded(RuntimeLibrary.GENAI).orElseThrow();
        assertEquals(Pins.get("onnxruntime-genai", "version"), genai.pinnedVersion().orElseThrow());
        LoadedRuntime ort = NativeLoader.loaded(RuntimeLibrary.ONNXRUNTIME).orElseThrow();
        assertEquals(ort.path().orElseThrow().toString(), NativeLoader.nativeEnvironment(NativeLoader.ORT_LIB_PATH));
    }
}
