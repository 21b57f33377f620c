package io.github.aipc4j.loader;

import io.github.aipc4j.testing.Pins;
import io.github.aipc4j.testing.Processes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GenAI opens ONNX Runtime from a static initializer and aborts the process if that fails, so the loader must
 * load ORT and point ORT_LIB_PATH at it first. Each case runs in a fresh JVM whose first native call is GenAI's.
 */
class GenAiLoadOrderTest {
    private static final String ORT_FILE = "libonnxruntime.so." + Pins.get("onnxruntime", "version");

    @Test
    void genaiOpensTheOnnxRuntimeTheLoaderLoadedFirst() throws Exception {
        // GenAI's own log says which file it dlopen'ed and which ORT version answered.
        Processes.Result run = Processes.java(GenAiFirstMain.class, List.of(), Map.of("ORTGENAI_LOG_ORT_LIB", "1"));
        String ort = Pins.nativeFolder().resolve("onnxruntime").resolve(ORT_FILE).toString();
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.stdout().contains("sequences=0"), run.all());
        assertTrue(run.stdout().contains("ORT_LIB_PATH=" + ort), run.all());
        assertTrue(run.all().contains("Attempting to dlopen " + ort), run.all());
        assertTrue(run.all().contains("ORT Version: " + Pins.get("onnxruntime", "version")), run.all());
    }

    @Test
    void missingOnnxRuntimeIsATypedErrorAndGenaiIsNeverOpened() throws Exception {
        Processes.Result run = Processes.java(GenAiFirstMain.class,
                List.of("-D" + RuntimeLibrary.ONNXRUNTIME.property() + "=/nonexistent/" + ORT_FILE), Map.of());
        // exit 0 (not 134 from abort): the JVM survived and reported the missing runtime
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.stdout().contains("not-found=ONNXRUNTIME"), run.all());
        assertTrue(run.stdout().contains("genai-loaded=false"), run.all());
        assertTrue(run.stdout().contains("/nonexistent/" + ORT_FILE + ": no such file or folder"), run.all());
    }
}
