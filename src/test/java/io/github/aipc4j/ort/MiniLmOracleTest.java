package io.github.aipc4j.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.testing.peers.MiniLm;
import io.github.aipc4j.testing.peers.OnnxRuntimeJni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real pretrained model, all-MiniLM-L6-v2, run through aipc4j and through Microsoft's JNI binding on the same
 * {@code libonnxruntime} with the same options (intra-op threads 1, default optimisation): every element of every
 * output must agree within 1e-5. aipc4j's three run paths (run → Outputs, PreparedRun into preallocated outputs,
 * IoBinding) are each compared with the oracle.
 */
class MiniLmOracleTest {
    private static final double TOLERANCE = 1e-5;
    private static final long[] SHAPE = {1, MiniLm.SEQUENCE};
    private static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

    private static Path runtime;
    private static Session session;
    private static OrtEnvironment jniEnv;
    private static OrtSession jniSession;

    @BeforeAll
    static void load() throws Exception {
        runtime = OnnxRuntimeJni.useAipc4jRuntime(); // before any ai.onnxruntime class initialises
        byte[] model = MiniLm.modelBytes();
        try (SessionOptions options = SessionOptions.create().intraOpThreads(1)) {
            session = Session.create(OrtFixture.ENV, model, options);
        }
        jniEnv = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            jniSession = jniEnv.createSession(model, options);
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (jniSession != null) {
            jniSession.close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    void bothBindingsRunOnOneLibrary() throws Exception {
        assertEquals(1, OnnxRuntimeJni.mapped("libonnxruntime4j_jni").size(), "the JNI binding's glue is loaded");
        assertTrue(OnnxRuntimeJni.mappedRuntimes().contains(runtime.toRealPath()),
                "aipc4j's runtime is mapped: " + OnnxRuntimeJni.mappedRuntimes());
        assertEquals(List.of(), OnnxRuntimeJni.jniStagedRuntimes(),
                "the JNI binding must not load the libonnxruntime from its jar");
        assertEquals(OrtVersion.get(), jniEnv.getVersion());
    }

    @Test
    void modelSignatureIsWhatTheBenchmarksAssume() {
        assertEquals(INPUTS, session.inputs().stream().map(NodeInfo::name).toList());
        for (NodeInfo input : session.inputs()) {
            assertEquals(ElementType.INT64, input.info().elementType());
        }
        assertEquals(List.of("last_hidden_state"), session.outputs().stream().map(NodeInfo::name).toList());
        assertEquals(ElementType.FLOAT32, session.outputs().getFirst().info().elementType());
        assertEquals(INPUTS, List.copyOf(jniSession.getInputNames()));
    }

    @Test
    void sentenceMatchesTheJniOracle() throws Exception {
        compare("sentence", MiniLm.SENTENCE);
    }

    @Test
    void paddedSentenceMatchesTheJniOracle() throws Exception {
        compare("padded", MiniLm.PADDED);
    }

    private static void compare(String label, long[] ids) throws Exception {
        long[][] inputs = {ids, MiniLm.attentionMask(ids), MiniLm.tokenTypes(ids)};
        Map<String, float[]> expected = oracle(inputs);
        float[] oracle = expected.get("last_hidden_state");
        assertEquals(MiniLm.SEQUENCE * MiniLm.HIDDEN, oracle.length);
        double norm = 0;
        for (float v : oracle) {
            assertTrue(Float.isFinite(v), "oracle output is not finite");
            norm += v * v;
        }
        assertTrue(norm > 1, "oracle output is (nearly) all zeros: " + norm);

        try (Arena arena = Arena.ofConfined()) {
            Tensor[] in = new Tensor[inputs.length];
            Map<String, Tensor> named = new LinkedHashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                in[i] = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, inputs[i]), ElementType.INT64, SHAPE);
                named.put(INPUTS.get(i), in[i]);
            }
            long[] outShape = {1, MiniLm.SEQUENCE, MiniLm.HIDDEN};
            try (Outputs outputs = session.run(named)) {
                assertEquals(expected.keySet().stream().toList(), outputs.names());
                Tensor hidden = outputs.get("last_hidden_state");
                assertArrayEquals(outShape, hidden.shape());
                report(label, "Session.run", oracle, hidden);
            }
            try (PreparedRun prepared = session.prepare(INPUTS, List.of("last_hidden_state"));
                 Tensor out = Tensor.allocate(ElementType.FLOAT32, outShape)) {
                prepared.run(null, in, new Tensor[] {out});
                report(label, "PreparedRun (preallocated output)", oracle, out);
            }
            try (IoBinding binding = session.bind();
                 Tensor out = Tensor.allocate(ElementType.FLOAT32, outShape)) {
                for (int i = 0; i < in.length; i++) {
                    binding.bindInput(INPUTS.get(i), in[i]);
                }
                binding.bindOutput("last_hidden_state", out);
                binding.run(null);
                report(label, "IoBinding (bound output)", oracle, out);
            }
            for (Tensor t : in) {
                t.close();
            }
        }
    }

    private static Map<String, float[]> oracle(long[][] inputs) throws Exception {
        List<OnnxTensor> tensors = new ArrayList<>();
        try {
            Map<String, OnnxTensor> named = new LinkedHashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                OnnxTensor t = OnnxTensor.createTensor(jniEnv, LongBuffer.wrap(inputs[i]), SHAPE);
                tensors.add(t);
                named.put(INPUTS.get(i), t);
            }
            Map<String, float[]> result = new LinkedHashMap<>();
            try (OrtSession.Result out = jniSession.run(named)) {
                for (Map.Entry<String, OnnxValue> e : out) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    assertArrayEquals(new long[] {1, MiniLm.SEQUENCE, MiniLm.HIDDEN}, t.getInfo().getShape());
                    FloatBuffer values = t.getFloatBuffer();
                    float[] copy = new float[values.remaining()];
                    values.get(copy);
                    result.put(e.getKey(), copy);
                }
            }
            return result;
        } finally {
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    private static void report(String label, String path, float[] expected, Tensor actual) {
        assertEquals(expected.length, actual.elementCount());
        double max = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual.getFloat(i));
            if (!(diff <= max)) { // NaN counts as a difference
                max = diff;
                at = i;
            }
        }
        System.out.printf("MiniLM %s via %s: max |aipc4j - JNI| = %s over %d elements%n", label, path, max,
                expected.length);
        final double found = max;
        final int index = at;
        assertTrue(found < TOLERANCE, () -> label + " via " + path + ": max abs diff " + found + " at element " + index);
    }
}
