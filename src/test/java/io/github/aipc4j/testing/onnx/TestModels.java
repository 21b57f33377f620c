package io.github.aipc4j.testing.onnx;

import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.onnx.OnnxGraph;
import io.github.aipc4j.onnx.OnnxModel;
import io.github.aipc4j.onnx.OnnxNode;
import io.github.aipc4j.onnx.OnnxTensor;
import io.github.aipc4j.onnx.OnnxTensorType;

/**
 * Ready-made models for tests. Every model was checked with {@code onnx.checker.check_model} and run with the
 * onnxruntime Python package when this class was written; {@link ProtoWriterTest} keeps the encoding honest in CI.
 * Write one with {@code TestModels.add(ElemType.FLOAT).write(tempDir.resolve("add.onnx"))}.
 */
public final class TestModels {
    /** The slow() input's side: x is SLOW_SIZE x SLOW_SIZE floats. */
    public static final int SLOW_SIZE = 256;
    /**
     * slow()'s default trip count: about 4 s on 2 CPU cores (ONNX Runtime 1.28 on a 2-core AVX-512 Xeon VM, ~0.2 ms an
     * iteration with 2 threads, ~0.3 ms with 1; expect longer on CPUs without AVX-512). The time scales linearly
     * with the trip count.
     */
    public static final long SLOW_DEFAULT_TRIP_COUNT = 20_000;
    /** The default value of {@link #overridableInitializer()}'s "bias". */
    public static final float BIAS_DEFAULT = 1.5f;
    /** {@link #withInitializer()}'s constant weight, 3x2, row-major. */
    public static final float[] WEIGHT = {1, 2, 3, 4, 5, 6};

    private TestModels() {
    }

    /**
     * Identity "x" → "y" with fixed dims (none: a scalar). INT4/UINT4 models import opset 21, use IR 10 and, since
     * ONNX Runtime's CPU Identity lacks 4-bit kernels (1.28), do a Cast to the same type instead, which copies.
     */
    public static OnnxModel identity(ElemType type, long... dims) {
        return identity(OnnxTensorType.fixed(type, dims));
    }

    /** Identity "x" → "y" for any tensor type, e.g. symbolic dims or {@link OnnxTensorType#unknownRank}. */
    public static OnnxModel identity(OnnxTensorType type) {
        ElemType e = type.elemType();
        return OnnxModel.builder()
                .irVersion(Math.max(OnnxModel.DEFAULT_IR_VERSION, e.minIrVersion()))
                .opset("", Math.max(OnnxModel.DEFAULT_OPSET, e.minOpset()))
                .graph(OnnxGraph.builder("identity_" + e.name().toLowerCase())
                        .input("x", type)
                        .output("y", type)
                        .node(e.bits() == 4
                                ? OnnxNode.op("Cast").inputs("x").outputs("y").name("identity").attribute("to", e.code())
                                : OnnxNode.op("Identity").inputs("x").outputs("y").name("identity"))
                        .build())
                .build();
    }

    /** STRING Identity "x" → "y", shape ["n"]. */
    public static OnnxModel stringIdentity() {
        return identity(OnnxTensorType.of(ElemType.STRING, "n"));
    }

    /**
     * "c" = Add("a", "b"), all three ["batch", "n"]. ONNX Runtime's CPU Add takes FLOAT, DOUBLE, INT32, INT64 (and
     * FLOAT16, BFLOAT16 on some builds).
     */
    public static OnnxModel add(ElemType type) {
        return binary("Add", type, new Object[] {"batch", "n"}, new Object[] {"batch", "n"}, new Object[] {"batch", "n"});
    }

    /** "c" = MatMul("a", "b"): ["m", "k"] x ["k", "n"] → ["m", "n"]. FLOAT, DOUBLE, INT32, INT64 … on CPU. */
    public static OnnxModel matMul(ElemType type) {
        return binary("MatMul", type, new Object[] {"m", "k"}, new Object[] {"k", "n"}, new Object[] {"m", "n"});
    }

    private static OnnxModel binary(String op, ElemType type, Object[] a, Object[] b, Object[] c) {
        return OnnxModel.of(OnnxGraph.builder(op.toLowerCase() + "_" + type.name().toLowerCase())
                .input("a", type, a)
                .input("b", type, b)
                .output("c", type, c)
                .node(OnnxNode.op(op).inputs("a", "b").outputs("c").name(op.toLowerCase()))
                .build());
    }

    /**
     * Identity FLOAT "x" → "y" ([1]) with every piece of metadata set: producer "aipc4j-tests" "1.0", domain
     * "io.github.aipc4j", model_version 3, description (doc_string) "A model with metadata", graph name
     * "metadata_graph", graph description "The graph of a model with metadata", custom metadata {author=aipc4j,
     * purpose=tests}.
     */
    public static OnnxModel withMetadata() {
        return OnnxModel.builder()
                .producer("aipc4j-tests", "1.0")
                .domain("io.github.aipc4j")
                .modelVersion(3)
                .docString("A model with metadata")
                .metadata("author", "aipc4j")
                .metadata("purpose", "tests")
                .graph(OnnxGraph.builder("metadata_graph")
                        .docString("The graph of a model with metadata")
                        .input("x", ElemType.FLOAT, 1)
                        .output("y", ElemType.FLOAT, 1)
                        .node(OnnxNode.op("Identity").inputs("x").outputs("y"))
                        .build())
                .build();
    }

    /** "y" = MatMul("x", w): x FLOAT ["batch", 3], w a constant 3x2 initializer ({@link #WEIGHT}), y ["batch", 2]. */
    public static OnnxModel withInitializer() {
        return OnnxModel.of(OnnxGraph.builder("with_initializer")
                .input("x", ElemType.FLOAT, "batch", 3)
                .initializer(OnnxTensor.floats("w", new long[] {3, 2}, WEIGHT))
                .output("y", ElemType.FLOAT, "batch", 2)
                .node(OnnxNode.op("MatMul").inputs("x", "w").outputs("y"))
                .build());
    }

    /**
     * "y" = Add("x", "bias"): x FLOAT ["n"]; "bias" FLOAT [1] is an initializer that is also a graph input, so it is
     * an overridable initializer with the default {@link #BIAS_DEFAULT}; y ["n"].
     */
    public static OnnxModel overridableInitializer() {
        return OnnxModel.of(OnnxGraph.builder("overridable_initializer")
                .input("x", ElemType.FLOAT, "n")
                .overridableInitializer(OnnxTensor.floats("bias", new long[] {1}, BIAS_DEFAULT))
                .output("y", ElemType.FLOAT, "n")
                .node(OnnxNode.op("Add").inputs("x", "bias").outputs("y"))
                .build());
    }

    /** {@link #slow(long)} with {@link #SLOW_DEFAULT_TRIP_COUNT}. */
    public static OnnxModel slow() {
        return slow(SLOW_DEFAULT_TRIP_COUNT);
    }

    /**
     * A model that runs for a while, for cancellation tests: "y" = Loop over "x" (FLOAT [256, 256]) whose body does
     * {@code x = Tanh(MatMul(x, x))} (bounded values, so no inf/NaN), {@code tripCount} times; "y" is FLOAT [256, 256].
     * The trip count is a constant initializer "trip_count" (INT64 scalar), so "x" is the only input. ONNX Runtime
     * checks the run's terminate flag between iterations, so a terminate request ends the run within a millisecond
     * or so, with an error status ("Exiting due to terminate flag being set to true").
     */
    public static OnnxModel slow(long tripCount) {
        return slow(tripCount, false);
    }

    /**
     * {@link #slow()} whose "trip_count" is an overridable initializer (also a graph input), so a feed of it makes
     * one run of the same session short: for showing that a cancelled session still completes runs.
     */
    public static OnnxModel slowWithOverridableTripCount() {
        return slow(SLOW_DEFAULT_TRIP_COUNT, true);
    }

    private static OnnxModel slow(long tripCount, boolean overridable) {
        OnnxTensor trips = OnnxTensor.scalar("trip_count", tripCount);
        Object[] square = {SLOW_SIZE, SLOW_SIZE};
        OnnxGraph body = OnnxGraph.builder("slow_body")
                .input("iteration", ElemType.INT64)
                .input("cond_in", ElemType.BOOL)
                .input("x_in", ElemType.FLOAT, square)
                .output("cond_out", ElemType.BOOL)
                .output("x_out", ElemType.FLOAT, square)
                .node(OnnxNode.op("Identity").inputs("cond_in").outputs("cond_out"))
                .node(OnnxNode.op("MatMul").inputs("x_in", "x_in").outputs("product"))
                .node(OnnxNode.op("Tanh").inputs("product").outputs("x_out"))
                .build();
        OnnxGraph.Builder graph = OnnxGraph.builder("slow").input("x", ElemType.FLOAT, square);
        graph = overridable ? graph.overridableInitializer(trips) : graph.initializer(trips);
        return OnnxModel.of(graph
                .output("y", ElemType.FLOAT, square)
                .node(OnnxNode.op("Loop").inputs("trip_count", "", "x").outputs("y").name("loop")
                        .attribute("body", body))
                .build());
    }
}
