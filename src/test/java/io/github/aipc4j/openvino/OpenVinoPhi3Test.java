package io.github.aipc4j.openvino;

import io.github.aipc4j.testing.TestArrays;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.github.aipc4j.openvino.TinyPhi3Ov.PROMPT;
import static io.github.aipc4j.openvino.TinyPhi3Ov.TOLERANCE;
import static io.github.aipc4j.openvino.TinyPhi3Ov.argmax;
import static io.github.aipc4j.testing.TestArrays.maxDiff;
import static io.github.aipc4j.testing.TestArrays.ones;
import static io.github.aipc4j.testing.TestArrays.positions;
import static io.github.aipc4j.openvino.TinyPhi3Ov.row;
import static io.github.aipc4j.testing.TestArrays.toLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny Phi-3 model through the idiomatic OpenVINO API, against the Java reference forward pass: the stateless
 * ONNX graph (explicit KV tensors fed back from Java) and the stateful IR (KV cache inside the request), prefill and
 * incremental greedy decoding, and {@link InferRequest#resetState()}.
 */
class OpenVinoPhi3Test {
    private static final int STEPS = 6;

    private static Core core;
    private static CompiledModel onnx;
    private static CompiledModel stateful;
    private static Phi3Reference reference;
    private static float[][] expectedPrefill;
    private static int[] expectedTokens;
    private static float[][] expectedSteps;

    @BeforeAll
    static void setUp() {
        core = Core.create();
        try (Model model = core.readModel(TinyPhi3Ov.onnxBytes())) {
            onnx = core.compile(model, "CPU", TinyPhi3Ov.accuracy());
        }
        stateful = core.compile(TinyPhi3Ov.statefulIr(), "CPU", TinyPhi3Ov.accuracy());

        reference = new Phi3Reference(TinyPhi3Ov.weights());
        Phi3Reference.Cache cache = reference.newCache();
        expectedPrefill = reference.forward(cache, PROMPT);
        expectedTokens = new int[STEPS];
        expectedSteps = new float[STEPS][];
        int token = argmax(expectedPrefill[PROMPT.length - 1]);
        for (int i = 0; i < STEPS; i++) {
            expectedTokens[i] = token;
            expectedSteps[i] = reference.forward(cache, token)[0];
            token = argmax(expectedSteps[i]);
        }
    }

    @AfterAll
    static void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {onnx, stateful, core}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static int vocab() {
        return TinyPhi3Ov.config().vocabSize();
    }

    /** Asserts every row of {@code logits} ([1, rows, vocab]) is within tolerance; returns the largest difference. */
    private static double assertRows(float[][] expected, float[] logits, String what) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = maxDiff(expected[i], row(logits, i, vocab()));
            assertTrue(diff <= TOLERANCE, what + ", position " + i + ": max abs diff " + diff);
            worst = Math.max(worst, diff);
        }
        return worst;
    }

    // ---- stateless ONNX -----------------------------------------------------------------------------------------

    private record Step(float[] logits, List<float[]> present) {
    }

    /** One run of the ONNX graph; {@code cache} null means an empty KV cache (zero-length tensors). */
    private static Step runOnnx(InferRequest request, int[] tokens, int past, List<float[]> cache) {
        Phi3Config c = TinyPhi3Ov.config();
        int n = tokens.length;
        try (Arena arena = Arena.ofConfined()) {
            // inputs over Java-owned native memory, zero-copy
            request.setTensor("input_ids", Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, toLongs(tokens)),
                    ElementType.INT64, 1, n));
            request.setTensor("attention_mask", Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, ones(past + n)),
                    ElementType.INT64, 1, past + n));
            request.setTensor("position_ids", Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, positions(past, n)),
                    ElementType.INT64, 1, n));
            for (int l = 0; l < c.layers(); l++) {
                for (int kv = 0; kv < 2; kv++) {
                    String name = "past_key_values." + l + (kv == 0 ? ".key" : ".value");
                    long[] shape = {1, c.kvHeads(), past, c.headDim()};
                    try (Tensor t = cache == null ? Tensor.allocate(ElementType.FLOAT32, shape)
                            : Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_FLOAT, cache.get(2 * l + kv)),
                            ElementType.FLOAT32, shape)) {
                        request.setTensor(name, t); // the request keeps its own reference
                    }
                }
            }
            request.infer();
            float[] logits;
            try (Tensor t = request.getTensor("logits")) {
                assertArrayEquals(new long[] {1, n, vocab()}, t.shape());
                assertEquals(ElementType.FLOAT32, t.elementType());
                logits = t.toFloatArray();
            }
            List<float[]> present = new ArrayList<>();
            for (int l = 0; l < c.layers(); l++) {
                for (String kind : new String[] {".key", ".value"}) {
                    try (Tensor t = request.getTensor("present." + l + kind)) {
                        assertArrayEquals(new long[] {1, c.kvHeads(), past + n, c.headDim()}, t.shape());
                        present.add(t.toFloatArray()); // copied: never feed a request's own output back as input
                    }
                }
            }
            return new Step(logits, present);
        }
    }

    @Test
    void onnxPrefillAndIncrementalDecodingEqualTheReference() {
        try (InferRequest request = onnx.createInferRequest()) {
            Step step = runOnnx(request, PROMPT, 0, null);
            double prefill = assertRows(expectedPrefill, step.logits(), "ONNX prefill");
            int token = argmax(row(step.logits(), PROMPT.length - 1, vocab()));
            int[] tokens = new int[STEPS];
            double worst = 0;
            for (int i = 0; i < STEPS; i++) {
                tokens[i] = token;
                step = runOnnx(request, new int[] {token}, PROMPT.length + i, step.present());
                double diff = maxDiff(expectedSteps[i], step.logits());
                assertTrue(diff <= TOLERANCE, "ONNX step " + i + ": max abs diff " + diff);
                worst = Math.max(worst, diff);
                token = argmax(step.logits());
            }
            assertArrayEquals(expectedTokens, tokens, "greedy tokens");
            System.out.printf("openvino API, ONNX: prefill max abs diff %.3g, %d steps %.3g, tokens %s%n",
                    prefill, STEPS, worst, Arrays.toString(tokens));
        }
    }

    @Test
    void onnxFromAFileCompilesLikeFromMemory() {
        try (CompiledModel fromFile = core.compile(TinyPhi3Ov.onnxFile(), "CPU", TinyPhi3Ov.accuracy());
             InferRequest request = fromFile.createInferRequest()) {
            Step step = runOnnx(request, PROMPT, 0, null);
            assertRows(expectedPrefill, step.logits(), "ONNX from file, prefill");
        }
    }

    // ---- stateful IR --------------------------------------------------------------------------------------------

    /** One call of the stateful IR: {@code tokens} after {@code past} cached ones; returns the logits. */
    private static float[] runStateful(InferRequest request, int[] tokens, int past) {
        int n = tokens.length;
        try (Arena arena = Arena.ofConfined()) {
            request.setTensor("input_ids", Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, toLongs(tokens)),
                    ElementType.INT64, 1, n));
            request.setTensor("attention_mask", Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, ones(past + n)),
                    ElementType.INT64, 1, past + n));
            request.setTensor("position_ids", Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, positions(past, n)),
                    ElementType.INT64, 1, n));
            try (Tensor beam = Tensor.of(new int[] {0}, 1)) { // zeros on every call, as GenAI does
                request.setTensor("beam_idx", beam);
            }
            request.infer();
            try (Tensor logits = request.getTensor("logits")) {
                assertArrayEquals(new long[] {1, n, vocab()}, logits.shape());
                return logits.toFloatArray();
            }
        }
    }

    /** Prefill then greedy steps; returns the tokens fed, checking every step against the reference. */
    private static int[] conversation(InferRequest request, String what) {
        float[] prefill = runStateful(request, PROMPT, 0);
        assertRows(expectedPrefill, prefill, what + " prefill");
        int token = argmax(row(prefill, PROMPT.length - 1, vocab()));
        int[] tokens = new int[STEPS];
        for (int i = 0; i < STEPS; i++) {
            tokens[i] = token;
            float[] logits = runStateful(request, new int[] {token}, PROMPT.length + i);
            double diff = maxDiff(expectedSteps[i], logits);
            assertTrue(diff <= TOLERANCE, what + " step " + i + ": max abs diff " + diff);
            token = argmax(logits);
        }
        return tokens;
    }

    @Test
    void statefulIrPrefillAndDecodingEqualTheReferenceAndResetStateRestartsTheConversation() {
        try (InferRequest request = stateful.createInferRequest()) {
            int[] first = conversation(request, "stateful IR");
            assertArrayEquals(expectedTokens, first, "greedy tokens");
            assertTrue(Arrays.stream(first).distinct().count() > 2, "the continuation should not be one repeated token");

            // Without a reset the KV cache still holds PROMPT + STEPS tokens: the prompt again, as a continuation,
            // gives other logits than a fresh prefill.
            float[] continued = runStateful(request, PROMPT, PROMPT.length + STEPS);
            assertTrue(maxDiff(row(continued, 0, vocab()), expectedPrefill[0]) > 1e-3,
                    "the cache should make a difference");

            request.resetState();
            int[] second = conversation(request, "stateful IR after resetState");
            assertArrayEquals(first, second, "after resetState the conversation starts over");
        }
    }

    @Test
    void resetStateKeepsTheBoundTensorsAndTheirLivenessChecks() {
        try (InferRequest request = stateful.createInferRequest()) {
            int n = PROMPT.length;
            try (Tensor ids = Tensor.of(toLongs(PROMPT), 1, n);
                 Tensor mask = Tensor.of(ones(n), 1, n);
                 Tensor pos = Tensor.of(positions(0, n), 1, n);
                 Tensor beam = Tensor.of(new int[] {0}, 1)) {
                request.setTensor("input_ids", ids);
                request.setTensor("attention_mask", mask);
                request.setTensor("position_ids", pos);
                request.setInputTensor(3, beam); // by index: beam_idx
            }
            request.infer();
            float[] first;
            try (Tensor logits = request.getTensor("logits")) {
                first = logits.toFloatArray();
            }
            assertRows(expectedPrefill, first, "OpenVINO-allocated inputs");

            // the tensors bound before the reset stay bound: infer again without setting anything
            request.resetState();
            request.infer();
            try (Tensor logits = request.getOutputTensor(0)) {
                assertEquals(0.0, maxDiff(first, logits.toFloatArray()), "same inputs, fresh state, same logits");
            }

            // a tensor over memory freed since is detected on the fresh request too
            Arena scratch = Arena.ofConfined();
            request.setTensor("input_ids", Tensor.wrap(scratch.allocateFrom(ValueLayout.JAVA_LONG, toLongs(PROMPT)),
                    ElementType.INT64, 1, n));
            scratch.close();
            request.resetState();
            IllegalStateException e = assertThrows(IllegalStateException.class, request::infer);
            assertTrue(e.getMessage().contains("input_ids"), e.getMessage());
            assertThrows(IllegalStateException.class, request::startAsync);
        }
    }

    @Test
    void anIrReadFromMemoryRunsLikeFromFiles() throws java.io.IOException {
        Path xml = TinyPhi3Ov.statefulIr();
        byte[] xmlBytes = java.nio.file.Files.readAllBytes(xml);
        byte[] weights = java.nio.file.Files.readAllBytes(xml.resolveSibling("openvino_model.bin"));
        try (Model model = core.readModel(xmlBytes, weights)) {
            java.util.Arrays.fill(weights, (byte) 0); // copied: the caller's array is free again at once
            try (CompiledModel compiled = core.compile(model, "CPU", TinyPhi3Ov.accuracy());
                 InferRequest request = compiled.createInferRequest()) {
                assertRows(expectedPrefill, runStateful(request, PROMPT, 0), "IR from memory, prefill");
            }
        }
    }

    // ---- ports and reshape --------------------------------------------------------------------------------------

    @Test
    void portsReportNamesTypesAndDynamicDimensions() {
        try (Model model = core.readModel(TinyPhi3Ov.statefulIr())) {
            assertTrue(model.isDynamic());
            List<Port> inputs = model.inputs();
            assertEquals(List.of("input_ids", "attention_mask", "position_ids", "beam_idx"),
                    inputs.stream().map(Port::name).toList());
            Port ids = model.input("input_ids");
            assertEquals(ElementType.INT64, ids.elementType());
            assertEquals("i64", ids.ovElementType());
            assertEquals(PartialShape.of(-1, -1), ids.shape());
            assertEquals("[?,?]", ids.shape().toString());
            assertEquals(ElementType.INT32, model.input("beam_idx").elementType());
            assertEquals(PartialShape.of(-1), model.input("beam_idx").shape());
            Port logits = model.output("logits");
            assertEquals(List.of(logits), model.outputs());
            assertEquals(ElementType.FLOAT32, logits.elementType());
            assertEquals(PartialShape.of(Dimension.dynamic(), Dimension.dynamic(), Dimension.of(vocab())), logits.shape());

            model.reshape(Map.of("input_ids", PartialShape.of(Dimension.of(1), Dimension.bounded(1, 64)),
                    "beam_idx", PartialShape.of(1)));
            model.reshape("attention_mask", PartialShape.of(1, -1));
            model.reshape(2, PartialShape.of(1, -1));
            assertEquals("[1,1..64]", model.input("input_ids").shape().toString());
            assertEquals("[1,?]", model.input("attention_mask").shape().toString());
            assertEquals("[1,?]", model.input("position_ids").shape().toString());
            assertEquals(PartialShape.of(1), model.input("beam_idx").shape());
            try (CompiledModel compiled = core.compile(model, "CPU", TinyPhi3Ov.accuracy())) {
                assertEquals("[1,1..64]", compiled.input("input_ids").shape().toString());
                assertEquals(model.outputs().get(0).shape(), compiled.outputs().get(0).shape());
            }
        }
    }
}
