package io.github.aipc4j.ort;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtSmokeTest {
    @Test
    void versionStringOfTheLoadedRuntimeIsThePinnedOne() {
        assertEquals(Pins.get("onnxruntime", "version"), OrtVersion.get());
    }

    @Test
    void loadedFromTheProjectNativeFolderWithItsRecordedVersion() {
        LoadedRuntime ort = NativeLoader.load(RuntimeLibrary.ONNXRUNTIME);
        assertTrue(ort.path().orElseThrow().startsWith(Pins.nativeFolder().resolve("onnxruntime")), ort.location());
        assertEquals(Pins.get("onnxruntime", "version"), ort.pinnedVersion().orElseThrow());
    }
}
