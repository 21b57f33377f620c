package io.github.aipc4j.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.testing.onnx.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a typed, actionable exception; the session stays usable; nothing is used after close. */
class ErrorsTest {

    private static void assertNextRunWorks(Session session) {
        try (Tensor a = Tensor.allocate(ElementType.FLOAT32, 1, 2);
             Tensor b = Tensor.allocate(ElementType.FLOAT32, 1, 2)) {
            a.setFloat(1, 2f);
            b.setFloat(1, 3f);
            try (Outputs out = session.run(Map.of("a", a, "b", b))) {
                assertEquals(5f, out.get("c").getFloat(1));
            }
        }
    }

    private static OrtException assertOrt(OrtErrorCode code, String fragment, Executable call) {
        OrtException e = assertThrows(OrtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void unknownInputNameListsTheModelsInputs() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT));
             Tensor t = Tensor.allocate(ElementType.FLOAT32, 1, 2)) {
            assertOrt(OrtErrorCode.INVALID_ARGUMENT, "unknown input 'z'; the model's inputs are [a, b]",
                    () -> session.run(Map.of("a", t, "z", t)));
            assertOrt(OrtErrorCode.INVALID_ARGUMENT, "unknown output 'nope'",
                    () -> session.run(null, Map.of("a", t, "b", t), List.of("nope")));
            assertNextRunWorks(session);
        }
    }

    @Test
    void wrongElementTypeAndWrongRankAreReportedByOrt() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT));
             Tensor ints = Tensor.allocate(ElementType.INT64, 1, 2);
             Tensor floats = Tensor.allocate(ElementType.FLOAT32, 1, 2);
             Tensor rank3 = Tensor.allocate(ElementType.FLOAT32, 1, 1, 2)) {
            assertOrt(OrtErrorCode.INVALID_ARGUMENT, "data type", () -> session.run(Map.of("a", ints, "b", floats)));
            assertOrt(OrtErrorCode.INVALID_ARGUMENT, "rank", () -> session.run(Map.of("a", rank3, "b", floats)));
            assertNextRunWorks(session);
        }
    }

    @Test
    void missingModelFileAndCorruptBytes() {
        try (SessionOptions options = SessionOptions.create()) {
            assertOrt(OrtErrorCode.NO_SUCHFILE, "does not exist",
                    () -> Session.create(OrtFixture.ENV, Path.of("no/such/model.onnx"), options));
            byte[] corrupt = TestModels.add(ElemType.FLOAT).toBytes();
            corrupt[corrupt.length / 2] ^= (byte) 0xFF;
            corrupt[corrupt.length / 3] = (byte) 0xFF;
            OrtException e = assertThrows(OrtException.class, () -> Session.create(OrtFixture.ENV,
                    java.util.Arrays.copyOf(corrupt, corrupt.length - 7), options));
            assertTrue(e.getMessage().startsWith("loading a model from memory:"), e.getMessage());
        }
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT))) {
            assertNextRunWorks(session);
        }
    }

    @Test
    void wrappingTooLittleOrHeapMemoryIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(arena.allocate(7), ElementType.FLOAT32, 2));
            assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(MemorySegment.ofArray(new float[2]), ElementType.FLOAT32, 2));
            assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(ElementType.FLOAT32, 2, -1));
        }
    }

    @Test
    void aTensorOverFreedMemoryThrowsInsteadOfLettingOrtReadIt() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT));
             Tensor b = Tensor.allocate(ElementType.FLOAT32, 1, 2)) {
            Arena arena = Arena.ofConfined();
            Tensor a = Tensor.wrap(arena.allocate(ValueLayout.JAVA_FLOAT, 2), ElementType.FLOAT32, 1, 2);
            arena.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.run(Map.of("a", a, "b", b)));
            assertTrue(e.getMessage().contains("freed"), e.getMessage());
            assertThrows(IllegalStateException.class, a::data);
            a.close();
            assertNextRunWorks(session);
        }
    }

    @Test
    void everyWrapperThrowsAfterClose() {
        Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT));
        PreparedRun prepared = session.prepare(List.of("a", "b"), List.of("c"));
        IoBinding binding = session.bind();
        Tensor t = Tensor.allocate(ElementType.FLOAT32, 1, 2);
        SessionOptions options = SessionOptions.create();
        RunOptions runOptions = RunOptions.create();
        Environment environment = Environment.create("closing", LoggingLevel.ERROR, 0, 0);

        prepared.close();
        assertThrows(IllegalStateException.class, () -> prepared.run(null, t, t));
        binding.close();
        assertThrows(IllegalStateException.class, () -> binding.bindInput("a", t));
        assertThrows(IllegalStateException.class, () -> binding.run(null));
        session.close();
        assertThrows(IllegalStateException.class, () -> session.run(Map.of("a", t, "b", t)));
        assertThrows(IllegalStateException.class, () -> session.prepare(List.of("a"), List.of("c")));
        t.close();
        assertThrows(IllegalStateException.class, t::data);
        assertThrows(IllegalStateException.class, () -> t.getFloat(0));
        options.close();
        assertThrows(IllegalStateException.class, () -> options.intraOpThreads(1));
        runOptions.close();
        assertThrows(IllegalStateException.class, runOptions::terminate);
        environment.close();
        assertThrows(IllegalStateException.class, () -> Session.create(environment, new byte[0], SessionOptions.create()));
        // close is idempotent
        session.close();
        t.close();
        environment.close();
    }
}
