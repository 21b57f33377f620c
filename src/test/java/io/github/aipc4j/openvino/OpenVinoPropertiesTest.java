package io.github.aipc4j.openvino;

import io.github.aipc4j.testing.TestArrays;
import io.github.aipc4j.core.ElementType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.github.aipc4j.openvino.TinyPhi3Ov.PROMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed and free-form properties through the variadic calls, read back; the model cache; export and import. */
class OpenVinoPropertiesTest {
    private static Core core;
    private static Model model;

    @BeforeAll
    static void setUp() {
        core = Core.create();
        model = core.readModel(TinyPhi3Ov.onnxBytes());
    }

    @AfterAll
    static void tearDown() {
        if (model != null) {
            model.close();
        }
        if (core != null) {
            core.close();
        }
    }

    @Test
    void keysAreTheStringsTheRuntimeExports() {
        assertEquals("PERFORMANCE_HINT", PropertyKey.PERFORMANCE_HINT.key());
        assertEquals("NUM_STREAMS", PropertyKey.NUM_STREAMS.key());
        assertEquals("CACHE_DIR", PropertyKey.CACHE_DIR.key());
        assertEquals("INFERENCE_PRECISION_HINT", PropertyKey.INFERENCE_PRECISION_HINT.key());
        assertEquals("EXECUTION_MODE_HINT", PropertyKey.EXECUTION_MODE_HINT.key());
        assertEquals("INFERENCE_NUM_THREADS", PropertyKey.INFERENCE_NUM_THREADS.key());
        assertEquals("PERF_COUNT", PropertyKey.ENABLE_PROFILING.key());
        assertEquals("FULL_DEVICE_NAME", PropertyKey.FULL_DEVICE_NAME.key());
        assertEquals("OPTIMAL_NUMBER_OF_INFER_REQUESTS", PropertyKey.OPTIMAL_NUMBER_OF_INFER_REQUESTS.key());
        for (PropertyKey key : PropertyKey.values()) {
            assertTrue(key.key().matches("[A-Z_]+"), key + " -> " + key.key());
        }
        Properties p = Properties.create().numStreams(1).inferencePrecision(ElementType.BFLOAT16)
                .set("KV_CACHE_PRECISION", "f32").numStreams(2);
        assertEquals(Map.of("NUM_STREAMS", "2", "INFERENCE_PRECISION_HINT", "bf16", "KV_CACHE_PRECISION", "f32"),
                p.asMap());
        assertEquals(List.of("NUM_STREAMS", "INFERENCE_PRECISION_HINT", "KV_CACHE_PRECISION"),
                List.copyOf(p.asMap().keySet()), "insertion order, a replaced key keeps its place");
    }

    @Test
    void compilePropertiesAreAppliedAndReadBack() {
        Properties latency = Properties.create()
                .performanceHint(PerformanceHint.LATENCY)
                .numStreams(1)
                .inferenceNumThreads(2)
                .executionMode(ExecutionMode.ACCURACY)
                .inferencePrecision(ElementType.FLOAT32)
                .set("KV_CACHE_PRECISION", "f32"); // free-form key, passed through as is
        try (CompiledModel compiled = core.compile(model, "CPU", latency)) {
            assertEquals("LATENCY", compiled.property(PropertyKey.PERFORMANCE_HINT));
            assertEquals("1", compiled.property("NUM_STREAMS"));
            assertEquals("2", compiled.property(PropertyKey.INFERENCE_NUM_THREADS));
            assertEquals("ACCURACY", compiled.property(PropertyKey.EXECUTION_MODE_HINT));
            assertEquals("f32", compiled.property(PropertyKey.INFERENCE_PRECISION_HINT));
            assertEquals("f32", compiled.property("KV_CACHE_PRECISION"));
            assertEquals(1, compiled.optimalNumberOfInferRequests());
            assertTrue(compiled.property(PropertyKey.SUPPORTED_PROPERTIES).contains("OPTIMAL_NUMBER_OF_INFER_REQUESTS"));
        }
        try (CompiledModel compiled = core.compile(model, "CPU", Properties.create()
                .performanceHint(PerformanceHint.THROUGHPUT))) {
            assertEquals("THROUGHPUT", compiled.property(PropertyKey.PERFORMANCE_HINT));
            int streams = Integer.parseInt(compiled.property(PropertyKey.NUM_STREAMS));
            assertTrue(streams >= 1, "streams chosen for THROUGHPUT: " + streams);
            assertTrue(compiled.optimalNumberOfInferRequests() >= streams, "requests for " + streams + " streams: "
                    + compiled.optimalNumberOfInferRequests());
        }
    }

    @Test
    void devicePropertiesAreSetAndReadBack() {
        try (Core own = Core.create()) {
            own.setProperty("CPU", PropertyKey.PERFORMANCE_HINT.key(), "THROUGHPUT");
            assertEquals("THROUGHPUT", own.property("CPU", PropertyKey.PERFORMANCE_HINT));
            own.setProperties("CPU", Properties.create().performanceHint(PerformanceHint.LATENCY).numStreams(1));
            assertEquals("LATENCY", own.property("CPU", "PERFORMANCE_HINT"));
            assertEquals("1", own.property("CPU", PropertyKey.NUM_STREAMS));
            Path cache = TinyPhi3Ov.dir().resolve("core-cache");
            own.setProperties(null, Properties.create().cacheDir(cache)); // for the core and every device
            assertEquals(cache.toAbsolutePath().toString(), own.property("CPU", PropertyKey.CACHE_DIR));
            assertFalse(own.property("CPU", PropertyKey.FULL_DEVICE_NAME).isBlank());
        }
    }

    @Test
    void aCacheDirIsPopulatedAndASecondCompilationLoadsFromIt() throws IOException {
        Path cache = TinyPhi3Ov.dir().resolve("model-cache");
        Properties properties = TinyPhi3Ov.accuracy().cacheDir(cache);
        float[] first;
        // a fresh core for each compilation: nothing shared in memory, only the cache folder
        try (Core one = Core.create();
             CompiledModel compiled = one.compile(TinyPhi3Ov.onnxFile(), "CPU", properties);
             InferRequest request = compiled.createInferRequest()) {
            assertEquals("NO", compiled.property("LOADED_FROM_CACHE"));
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            first = TinyPhi3Ov.logits(request);
        }
        Map<Path, FileTime> blobs = blobs(cache);
        assertFalse(blobs.isEmpty(), "the cache folder should hold a compiled blob");
        try (Core two = Core.create();
             CompiledModel compiled = two.compile(TinyPhi3Ov.onnxFile(), "CPU", properties);
             InferRequest request = compiled.createInferRequest()) {
            assertEquals("YES", compiled.property("LOADED_FROM_CACHE"));
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            assertEquals(0.0, TestArrays.maxDiff(first, TinyPhi3Ov.logits(request)));
        }
        assertEquals(blobs, blobs(cache), "the second compilation should only read the cache");
    }

    private static Map<Path, FileTime> blobs(Path dir) throws IOException {
        Map<Path, FileTime> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".blob")).toList()) {
                result.put(f, Files.getLastModifiedTime(f));
            }
        }
        return result;
    }

    @Test
    void anExportedBlobImportsAndInfersTheSame() throws IOException {
        Path blob = TinyPhi3Ov.dir().resolve("tiny-phi3.blob");
        float[] expected;
        try (CompiledModel compiled = core.compile(model, "CPU", TinyPhi3Ov.accuracy());
             InferRequest request = compiled.createInferRequest()) {
            compiled.exportTo(blob);
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            expected = TinyPhi3Ov.logits(request);
        }
        assertTrue(Files.size(blob) > 0);
        // ov_core_import_model takes no properties: the run-time settings come from the core's device settings
        try (Core fresh = Core.create()) {
            fresh.setProperties("CPU", TinyPhi3Ov.accuracy());
            assertImportedInfersLike(expected, fresh, blob);
        }
    }

    private static void assertImportedInfersLike(float[] expected, Core core, Path blob) {
        try (CompiledModel imported = core.importModel(blob, "CPU");
             InferRequest request = imported.createInferRequest()) {
            assertEquals("CPU", imported.device());
            assertEquals(7, imported.inputs().size());
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            assertEquals(0.0, TestArrays.maxDiff(expected, TinyPhi3Ov.logits(request)));
        }
    }

    @Test
    void profilingInfoListsTheExecutedNodes() {
        try (CompiledModel compiled = core.compile(model, "CPU", TinyPhi3Ov.accuracy().enableProfiling(true));
             InferRequest request = compiled.createInferRequest()) {
            assertEquals("YES", compiled.property(PropertyKey.ENABLE_PROFILING));
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            List<ProfilingInfo> infos = request.profilingInfo();
            assertFalse(infos.isEmpty());
            List<ProfilingInfo> executed = infos.stream().filter(i -> i.status() == ProfilingInfo.Status.EXECUTED).toList();
            assertFalse(executed.isEmpty(), "some nodes ran: " + infos);
            assertTrue(executed.stream().anyMatch(i -> i.nodeType().equals("MatMul") || i.nodeType().equals("FullyConnected")),
                    "matrix products ran: " + executed);
            assertTrue(executed.stream().anyMatch(i -> !i.realTime().isZero()), "some node took time");
            assertTrue(infos.stream().allMatch(i -> i.nodeName() != null && i.execType() != null));
        }
    }
}
