package io.github.aipc4j.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.testing.onnx.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {

    @Test
    void inputsAndOutputsCarrySymbolicDimensions() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT))) {
            assertEquals(List.of("a", "b"), session.inputs().stream().map(NodeInfo::name).toList());
            TensorInfo a = session.inputs().getFirst().info();
            assertEquals(ElementType.FLOAT32, a.elementType());
            assertArrayEquals(new long[] {-1, -1}, a.shape());
            assertEquals(List.of("batch", "n"), a.symbolicDimensions());
            assertEquals("FLOAT32[batch, n]", a.toString());
            assertEquals("c", session.outputs().getFirst().name());
        }
    }

    @Test
    void modelMetadataIsRead() {
        try (Session session = OrtFixture.session(TestModels.withMetadata())) {
            ModelMetadata m = session.metadata();
            assertEquals("aipc4j-tests", m.producerName());
            assertEquals("metadata_graph", m.graphName());
            assertEquals("The graph of a model with metadata", m.graphDescription());
            assertEquals("io.github.aipc4j", m.domain());
            assertEquals("A model with metadata", m.description());
            assertEquals(3, m.version());
            assertEquals(Map.of("author", "aipc4j", "purpose", "tests"), m.custom());
        }
    }

    @Test
    void overridableInitializersAreListedAndCanBeFed() {
        try (Session session = OrtFixture.session(TestModels.overridableInitializer());
             Arena arena = Arena.ofConfined()) {
            assertEquals(List.of("bias"), session.overridableInitializers().stream().map(NodeInfo::name).toList());
            try (Tensor x = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f, 2f), ElementType.FLOAT32, 2);
                 Tensor bias = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 10f), ElementType.FLOAT32, 1)) {
                try (Outputs byDefault = session.run(Map.of("x", x))) {
                    assertEquals(1f + TestModels.BIAS_DEFAULT, byDefault.get("y").getFloat(0));
                }
                try (Outputs overridden = session.run(Map.of("x", x, "bias", bias))) {
                    assertEquals(12f, overridden.get("y").getFloat(1));
                }
            }
        }
    }

    @Test
    void symbolicShapesChangeBetweenRunsOfOneSession() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.INT64))) {
            for (long[] shape : new long[][] {{2, 3}, {5, 7}, {1, 1}}) {
                try (Tensor a = Tensor.allocate(ElementType.INT64, shape);
                     Tensor b = Tensor.allocate(ElementType.INT64, shape)) {
                    for (long i = 0; i < a.elementCount(); i++) {
                        a.setLong(i, i);
                        b.setLong(i, 100 * i);
                    }
                    try (Outputs out = session.run(Map.of("a", a, "b", b))) {
                        Tensor c = out.get("c");
                        assertArrayEquals(shape, c.shape());
                        for (long i = 0; i < c.elementCount(); i++) {
                            assertEquals(101 * i, c.getLong(i));
                        }
                    }
                }
            }
        }
    }

    @Test
    void sessionsLoadFromAFileAndFromMemory(@TempDir Path dir) throws Exception {
        Path file = TestModels.withInitializer().write(dir.resolve("model.onnx"));
        try (SessionOptions options = SessionOptions.create().intraOpThreads(1).optimizationLevel(GraphOptimizationLevel.ALL)
                .executionMode(ExecutionMode.SEQUENTIAL).memoryPattern(false).cpuMemoryArena(false)
                .config("session.intra_op.allow_spinning", "0").freeDimension("batch", 2);
             Session fromFile = Session.create(OrtFixture.ENV, file, options);
             Session fromBytes = Session.fromBytes(OrtFixture.ENV, file, options);
             Arena arena = Arena.ofConfined();
             Tensor x = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 0, 0, 0, 1, 1), ElementType.FLOAT32, 2, 3)) {
            for (Session session : List.of(fromFile, fromBytes)) {
                try (Outputs out = session.run(Map.of("x", x))) {
                    // x = [[1,0,0],[0,1,1]] times w = [[1,2],[3,4],[5,6]]
                    float[] y = out.get("y").data().toArray(ValueLayout.JAVA_FLOAT);
                    assertArrayEquals(new float[] {1, 2, 8, 10}, y);
                }
            }
        }
    }

    @Test
    void ioBindingIsReusedAcrossRunsWithChangingShapes() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT));
             IoBinding binding = session.bind();
             Arena arena = Arena.ofConfined()) {
            for (int n = 1; n <= 4; n++) {
                MemorySegment a = arena.allocate(ValueLayout.JAVA_FLOAT, n);
                MemorySegment b = arena.allocate(ValueLayout.JAVA_FLOAT, n);
                for (int i = 0; i < n; i++) {
                    a.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
                    b.setAtIndex(ValueLayout.JAVA_FLOAT, i, 0.5f);
                }
                try (Tensor ta = Tensor.wrap(a, ElementType.FLOAT32, 1, n);
                     Tensor tb = Tensor.wrap(b, ElementType.FLOAT32, 1, n)) {
                    binding.bindInput("a", ta).bindInput("b", tb).bindOutputToCpu("c");
                    binding.run(null);
                    try (Outputs out = binding.outputs()) {
                        Tensor c = out.get("c");
                        assertArrayEquals(new long[] {1, n}, c.shape());
                        assertEquals(n - 0.5f, c.getFloat(n - 1));
                    }
                }
            }
        }
    }

    @Test
    void ioBindingWritesIntoABoundOutputTensor() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.INT32));
             IoBinding binding = session.bind();
             Tensor a = Tensor.allocate(ElementType.INT32, 2, 2);
             Tensor b = Tensor.allocate(ElementType.INT32, 2, 2);
             Tensor c = Tensor.allocate(ElementType.INT32, 2, 2)) {
            for (int i = 0; i < 4; i++) {
                a.setInt(i, i);
                b.setInt(i, 10);
            }
            binding.bindInput("a", a).bindInput("b", b).bindOutput("c", c);
            binding.run(null);
            assertEquals(13, c.getInt(3));
            a.setInt(3, 100);
            binding.run(null); // same binding, new input values
            assertEquals(110, c.getInt(3));
        }
    }

    @Test
    void theCpuProviderIsAvailableAndOthersAreRefusedByName() {
        assertTrue(Providers.available().contains("CPUExecutionProvider"), Providers.available().toString());
        try (SessionOptions options = SessionOptions.create()) {
            options.provider("cpu", Map.of());
            OrtException e = org.junit.jupiter.api.Assertions.assertThrows(OrtException.class,
                    () -> options.provider("cuda", Map.of("device_id", "0")));
            assertTrue(e.getMessage().contains("CUDAExecutionProvider") && e.getMessage().contains("CPUExecutionProvider"),
                    e.getMessage());
        }
    }
}
