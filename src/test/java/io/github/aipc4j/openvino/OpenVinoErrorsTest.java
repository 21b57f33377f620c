package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.core.ElementType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.function.Executable;

import static io.github.aipc4j.openvino.TinyPhi3Ov.PROMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad inputs become {@link OpenVinoException}s that say what went wrong and what to do, the next valid call works,
 * and every wrapper refuses use after close without reaching native code.
 */
class OpenVinoErrorsTest {
    private static Core core;
    private static Model model;
    private static CompiledModel compiled;

    @BeforeAll
    static void setUp() {
        core = Core.create();
        model = core.readModel(TinyPhi3Ov.onnxBytes());
        compiled = core.compile(model, "CPU", TinyPhi3Ov.accuracy());
    }

    @AfterAll
    static void tearDown() {
        if (compiled != null) {
            compiled.close();
        }
        if (model != null) {
            model.close();
        }
        if (core != null) {
            core.close();
        }
    }

    /** The next valid call after a failure works: a full inference. */
    private static void aValidCallWorks() {
        try (InferRequest request = compiled.createInferRequest()) {
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            assertEquals(PROMPT.length * (long) TinyPhi3Ov.config().vocabSize(), TinyPhi3Ov.logits(request).length);
        }
    }

    private static OpenVinoException fails(Executable call, String... expected) {
        OpenVinoException e = assertThrows(OpenVinoException.class, call::execute);
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("Exception from src/"), "source locations are noise: " + e.getMessage());
        aValidCallWorks();
        return e;
    }

    @Test
    void anUnknownDeviceNamesTheAvailableOnes() {
        OpenVinoException e = fails(() -> core.compile(model, "FOO"), "compiling the model for FOO",
                "GENERAL_ERROR", "FOO", "not registered", "available devices are [", "CPU");
        assertEquals(OpenVinoStatus.GENERAL_ERROR, e.status());
        assertEquals(openvino_h.GENERAL_ERROR(), e.code());
        assertNotNull(e.nativeMessage());
        fails(() -> core.compile(TinyPhi3Ov.onnxFile(), "FOO", Properties.create()), "FOO", "available devices");
        fails(() -> core.importModel(new byte[] {1, 2, 3}, "FOO"), "FOO");
    }

    @Test
    void anUnknownOrMalformedPropertyIsNamed() {
        fails(() -> core.compile(model, "CPU", Properties.create().set("NO_SUCH_PROPERTY", "1")),
                "NO_SUCH_PROPERTY", "Unsupported property");
        fails(() -> core.compile(model, "CPU", Properties.create().set("NUM_STREAMS", "banana")), "banana");
        fails(() -> core.setProperty("CPU", "NO_SUCH_PROPERTY", "1"), "NO_SUCH_PROPERTY");
        fails(() -> core.property("CPU", "NO_SUCH_PROPERTY"), "reading property NO_SUCH_PROPERTY of device CPU");
        fails(() -> compiled.property("NO_SUCH_PROPERTY"), "NO_SUCH_PROPERTY");
        assertThrows(IllegalArgumentException.class, () -> Properties.create().numStreams(0));
        assertThrows(IllegalArgumentException.class, () -> Properties.create().inferencePrecision(ElementType.INT8));
    }

    @Test
    void aTensorOfTheWrongTypeShapeOrNameIsRefused() {
        try (InferRequest request = compiled.createInferRequest()) {
            try (Tensor floats = Tensor.of(new float[] {1, 2}, 1, 2)) {
                fails(() -> request.setTensor("input_ids", floats), "input_ids", "f32", "i64");
            }
            try (Tensor rank1 = Tensor.of(new long[] {1, 2}, 2)) {
                fails(() -> request.setTensor("input_ids", rank1), "input_ids", "incompatible");
                fails(() -> request.setTensor("no_such_input", rank1), "no_such_input", "not found");
                fails(() -> request.setInputTensor(99, rank1), "input 99", "7 inputs");
            }
            fails(() -> request.getTensor("no_such_output"), "no_such_output");
            try (Tensor heads = Tensor.allocate(ElementType.FLOAT32, 1, 5, 0, TinyPhi3Ov.config().headDim())) {
                fails(() -> request.setTensor("past_key_values.0.key", heads), "past_key_values.0.key");
            }
            // the request itself is still usable
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
        }
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> compiled.input("nope"));
        assertTrue(missing.getMessage().contains("input_ids"), missing.getMessage());
    }

    @Test
    void aMissingOrCorruptModelIsReportedWithItsPath() throws Exception {
        Path missing = TinyPhi3Ov.dir().resolve("no-such-dir/model.xml");
        fails(() -> core.readModel(missing), missing.toString(), "does not exist");
        fails(() -> core.readModel(TinyPhi3Ov.dir().resolve("absent.onnx")), "absent.onnx", "does not exist");
        fails(() -> core.compile(missing, "CPU", Properties.create()), "does not exist");

        Path corrupt = TinyPhi3Ov.dir().resolve("corrupt-ir");
        Files.createDirectories(corrupt);
        Path xml = Files.writeString(corrupt.resolve("model.xml"), "<?xml version=\"1.0\"?>\n<net name=\"x\" version=\"11\">"
                + "<layers><layer id=\"0\" name=\"in\" type=\"Parameter\"");
        Files.write(corrupt.resolve("model.bin"), new byte[16]);
        OpenVinoException e = fails(() -> core.readModel(xml), "reading model " + xml, "GENERAL_ERROR");
        assertTrue(e.getMessage().toLowerCase().contains("pars"), e.getMessage());

        // a valid IR whose weights file is truncated
        Path truncated = TinyPhi3Ov.dir().resolve("truncated-ir");
        Files.createDirectories(truncated);
        Path goodXml = TinyPhi3Ov.statefulIr();
        Path copy = Files.copy(goodXml, truncated.resolve("openvino_model.xml"));
        byte[] bin = Files.readAllBytes(goodXml.resolveSibling("openvino_model.bin"));
        Files.write(truncated.resolve("openvino_model.bin"), java.util.Arrays.copyOf(bin, bin.length / 3));
        fails(() -> core.readModel(copy), "reading model " + copy);

        fails(() -> core.readModel("this is not a model".getBytes()), "from memory", "Unable to read the model");
        fails(() -> core.importModel("garbage".getBytes(), "CPU"), "importing", "blob");
        assertThrows(IllegalArgumentException.class, () -> core.readModel(new byte[0]));
    }

    @Test
    void concurrentFailuresKeepTheirOwnMessages() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> messages = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String key = "NO_SUCH_PROPERTY_" + i;
                Callable<String> task = () -> assertThrows(OpenVinoException.class,
                        () -> core.setProperty("CPU", key, "1")).getMessage();
                messages.add(pool.submit(task));
            }
            for (int i = 0; i < messages.size(); i++) {
                String m = messages.get(i).get();
                assertTrue(m.contains("Unsupported property NO_SUCH_PROPERTY_" + i + " "), m);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void statusesMapTheGeneratedConstants() {
        assertEquals(OpenVinoStatus.OK, OpenVinoStatus.of(0));
        assertEquals(OpenVinoStatus.GENERAL_ERROR, OpenVinoStatus.of(openvino_h.GENERAL_ERROR()));
        assertEquals(OpenVinoStatus.UNKNOWN_EXCEPTION, OpenVinoStatus.of(openvino_h.UNKNOW_EXCEPTION()));
        assertEquals(OpenVinoStatus.INVALID_C_PARAM, OpenVinoStatus.of(-14));
        assertEquals(OpenVinoStatus.UNRECOGNIZED, OpenVinoStatus.of(-999));
        // a status the C layer reports without recording a message: the text is not some earlier failure's
        Core.create().close();
        OpenVinoException e;
        Ov.LOCK.lock();
        try {
            e = Ov.failure(openvino_h.INVALID_C_PARAM(), "a call");
        } finally {
            Ov.LOCK.unlock();
        }
        assertNull(e.nativeMessage());
        assertTrue(e.getMessage().startsWith("a call: INVALID_C_PARAM ("), e.getMessage());
    }

    // ---- tensors ------------------------------------------------------------------------------------------------

    @Test
    void aWrappedTensorChecksItsMemory() {
        Arena arena = Arena.ofConfined();
        MemorySegment memory = arena.allocateFrom(ValueLayout.JAVA_LONG, 1, 2, 3, 4, 5, 6);
        Tensor t = Tensor.wrap(memory, ElementType.INT64, 2, 3);
        assertTrue(t.wrapsCallerMemory());
        assertEquals(48, t.byteSize());
        assertEquals(6, t.getLong(5));
        t.setLong(0, 42);
        assertEquals(42, memory.get(ValueLayout.JAVA_LONG, 0), "zero-copy: the tensor writes the caller's memory");
        assertEquals(ElementType.INT64, t.elementType());
        arena.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.getLong(0));
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        try (InferRequest request = compiled.createInferRequest()) {
            assertThrows(IllegalStateException.class, () -> request.setTensor("input_ids", t));
        }
        t.close();

        try (Arena a = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(MemorySegment.ofArray(new long[6]), ElementType.INT64, 2, 3), "heap memory");
            assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(a.allocate(8), ElementType.INT64, 2, 3), "too small");
            assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(a.allocate(8), ElementType.INT64, -1), "negative dimension");
            assertThrows(UnsupportedOperationException.class,
                    () -> Tensor.allocate(ElementType.STRING, 1));
            try (Tensor empty = Tensor.wrap(a.allocate(0), ElementType.FLOAT32, 1, 2, 0, 8)) {
                assertFalse(empty.wrapsCallerMemory(), "zero elements: OpenVINO allocates (it refuses a host pointer)");
                assertEquals(0, empty.elementCount());
            }
            try (Tensor floats = Tensor.of(new float[] {1.5f, -2f}, 2)) {
                assertThrows(IllegalArgumentException.class, () -> floats.getLong(0));
                assertThrows(IllegalArgumentException.class, () -> floats.copyFrom(new float[3]));
                floats.setFloat(1, 3f);
                assertEquals(3f, floats.getFloat(1));
            }
        }
    }

    @Test
    void typedViewsAndElementTypesRoundTrip() {
        for (ElementType type : ElementType.values()) {
            if (type == ElementType.STRING) {
                continue;
            }
            try (Tensor t = Tensor.allocate(type, 2, 4)) {
                assertEquals(type, t.elementType(), "OpenVINO's numbering maps back to " + type);
                assertEquals(type.byteSize(8), t.byteSize(), type + " byte size");
                assertEquals(8, t.elementCount());
            }
        }
        try (Tensor ints = Tensor.of(new int[] {7, -8, 9}, 3);
             Tensor longs = Tensor.of(new long[] {Long.MAX_VALUE, -1}, 1, 2);
             Tensor bytes = Tensor.allocate(ElementType.UINT8, 3)) {
            assertEquals(List.of(7, -8, 9), java.util.Arrays.stream(ints.toIntArray()).boxed().toList());
            ints.copyFrom(new int[] {1, 2, 3});
            assertEquals(2, ints.getInt(1));
            assertEquals(Long.MAX_VALUE, longs.toLongArray()[0]);
            bytes.setByte(2, (byte) 200);
            assertEquals((byte) 200, bytes.getByte(2));
            try (Tensor scalar = Tensor.allocate(ElementType.FLOAT32)) {
                assertEquals(0, scalar.shape().length);
                assertEquals(1, scalar.elementCount());
            }
        }
    }

    // ---- use after close ----------------------------------------------------------------------------------------

    @Test
    void everyWrapperRefusesUseAfterClose() {
        Core c = Core.create();
        Model m = c.readModel(TinyPhi3Ov.onnxBytes());
        CompiledModel cm = c.compile(m, "CPU", TinyPhi3Ov.accuracy());
        InferRequest r = cm.createInferRequest();
        Tensor t = Tensor.of(new long[] {1}, 1, 1);
        r.setTensor("input_ids", t);

        t.close();
        t.close(); // idempotent
        assertTrue(t.isClosed());
        assertThrows(IllegalStateException.class, () -> t.getLong(0));
        assertThrows(IllegalStateException.class, t::data);
        assertThrows(IllegalStateException.class, () -> r.setTensor("input_ids", t));
        try (Tensor stillBound = r.getTensor("input_ids")) {
            assertEquals(1, stillBound.getLong(0), "closing the tensor left the request's reference alone");
        }

        r.close();
        r.close();
        assertTrue(r.isClosed());
        for (Executable call : List.<Executable>of(r::infer, r::startAsync, () -> r.await(Duration.ZERO), r::await,
                r::resetState, r::cancel, r::profilingInfo, () -> r.getTensor("logits"), () -> r.getOutputTensor(0),
                () -> r.setTensor("input_ids", Tensor.of(new long[] {1}, 1, 1)))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::execute);
            assertEquals("InferRequest is closed", e.getMessage());
        }

        cm.close();
        cm.close();
        for (Executable call : List.<Executable>of(cm::createInferRequest, cm::inputs, () -> cm.property("NUM_STREAMS"),
                cm::optimalNumberOfInferRequests, () -> cm.exportTo(TinyPhi3Ov.dir().resolve("x.blob")),
                () -> cm.setProperty("PERF_COUNT", "YES"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::execute);
            assertEquals("CompiledModel is closed", e.getMessage());
        }

        m.close();
        m.close();
        for (Executable call : List.<Executable>of(m::inputs, m::outputs, m::friendlyName, m::isDynamic,
                () -> m.reshape("input_ids", PartialShape.of(1, -1)), () -> c.compile(m, "CPU"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::execute);
            assertEquals("Model is closed", e.getMessage());
        }

        c.close();
        c.close();
        for (Executable call : List.<Executable>of(c::deviceNames, c::availableDevices, () -> c.property("CPU", "NUM_STREAMS"),
                () -> c.readModel(TinyPhi3Ov.onnxBytes()), () -> c.readModel(TinyPhi3Ov.onnxFile()),
                () -> c.setProperty("CPU", "NUM_STREAMS", "1"), () -> c.importModel(new byte[1], "CPU"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::execute);
            assertEquals("Core is closed", e.getMessage());
        }

        // a request whose compiled model was closed can still infer (OpenVINO keeps what it references) but not
        // reset its state, which needs a new request from the compiled model
        Core c2 = Core.create();
        CompiledModel cm2 = c2.compile(model, "CPU", TinyPhi3Ov.accuracy());
        try (InferRequest orphan = cm2.createInferRequest()) {
            cm2.close();
            TinyPhi3Ov.bindOnnxPrefill(orphan, PROMPT);
            orphan.infer();
            assertThrows(IllegalStateException.class, orphan::resetState);
        } finally {
            c2.close();
        }
    }
}
