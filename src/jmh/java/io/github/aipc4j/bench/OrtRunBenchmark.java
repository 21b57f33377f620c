package io.github.aipc4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.bindings.onnxruntime.OrtApiBase;
import io.github.aipc4j.bindings.onnxruntime.onnxruntime_c_api_h;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.core.NativeResource;
import io.github.aipc4j.ort.Environment;
import io.github.aipc4j.ort.IoBinding;
import io.github.aipc4j.ort.PreparedRun;
import io.github.aipc4j.ort.RunOptions;
import io.github.aipc4j.ort.Session;
import io.github.aipc4j.ort.SessionOptions;
import io.github.aipc4j.ort.Tensor;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.testing.onnx.TestModels;
import io.github.aipc4j.testing.peers.MiniLm;
import io.github.aipc4j.testing.peers.OnnxRuntimeJni;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of a session run with inputs and outputs reused across calls, on one {@code libonnxruntime}
 * (aipc4j's pinned 1.28.0; the JNI binding is pointed at that file), intra-op threads 1 everywhere:
 * <ul>
 *   <li>{@code aipc4jPreparedRun}: {@link PreparedRun#run(io.github.aipc4j.ort.RunOptions, Tensor[], Tensor[])}
 *       into a preallocated output;</li>
 *   <li>{@code aipc4jIoBinding}: a reused {@link IoBinding} with inputs and output bound to tensors, {@code run(null)};
 *       {@code aipc4jIoBindingReusedOptions}: the same with a reused {@link RunOptions};</li>
 *   <li>{@code jniPinned}: Microsoft's JNI binding at its fastest, reused {@code OnnxTensor}s over direct
 *       native-order buffers in and out, {@code session.run(inputs, Set.of(), pinnedOutputs)} (1.16+);</li>
 *   <li>{@code floorRun}, {@code floorRunWithBinding}: no binding at all, see {@link Floor}.</li>
 * </ul>
 * Every variant returns the output's first 8 bytes, so each reads its result. Models: {@code identity}, Identity
 * INT64 [1,16] (the binding's fixed cost); {@code minilm}, all-MiniLM-L6-v2 at sequence length 16 (a real
 * encoder, ~90 MB fp32; {@code batch_size} and {@code sequence_length} fixed to 1 and 16 in every binding's session
 * options). yuzawa-san's FFM binding joins the same run through {@code benchmarks/peers/run-with-yuzawa.sh}
 * ({@code YuzawaRunBenchmark}), as {@code com.jyuzawa:onnxruntime-api} is not resolvable from the build's Maven
 * repository. Each binding checks its output once, in setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OrtRunBenchmark {

    /** The model and its fixed inputs; every input is INT64 [1, 16], the single output as described. */
    @State(Scope.Benchmark)
    public static class Model {
        @Param({"identity", "minilm"})
        public String model;

        public byte[] bytes;
        public List<String> inputNames;
        public long[][] inputs;
        public long[] inputShape = {1, MiniLm.SEQUENCE};
        public String outputName;
        public ElementType outputType;
        public long[] outputShape;
        /** Symbolic dimensions fixed in every binding's session options (the same plan for all of them). */
        public Map<String, Long> freeDimensions = Map.of();

        @Setup(Level.Trial)
        public void load() {
            switch (model) {
                case "identity" -> {
                    bytes = TestModels.identity(ElemType.INT64, 1, MiniLm.SEQUENCE).toBytes();
                    inputNames = List.of("x");
                    inputs = new long[][] {new SplittableRandom(42).longs(MiniLm.SEQUENCE).toArray()};
                    outputName = "y";
                    outputType = ElementType.INT64;
                    outputShape = inputShape;
                }
                case "minilm" -> {
                    bytes = MiniLm.modelBytes();
                    inputNames = List.of("input_ids", "attention_mask", "token_type_ids");
                    inputs = new long[][] {MiniLm.SENTENCE, MiniLm.attentionMask(MiniLm.SENTENCE),
                            MiniLm.tokenTypes(MiniLm.SENTENCE)};
                    outputName = "last_hidden_state";
                    outputType = ElementType.FLOAT32;
                    outputShape = new long[] {1, MiniLm.SEQUENCE, MiniLm.HIDDEN};
                    freeDimensions = Map.of("batch_size", 1L, "sequence_length", (long) MiniLm.SEQUENCE);
                }
                default -> throw new IllegalArgumentException("unknown model " + model);
            }
        }

        public long outputElements() {
            long n = 1;
            for (long d : outputShape) {
                n *= d;
            }
            return n;
        }

        /** Checks a run's output: the input for Identity; finite and not all zero for MiniLM. */
        public void verify(String who, java.util.function.LongFunction<Double> element) {
            double sum = 0;
            for (int i = 0; i < outputElements(); i++) {
                double v = element.apply(i);
                if (model.equals("identity") && v != (double) inputs[0][i]) {
                    throw new IllegalStateException(who + ": identity output differs at " + i);
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException(who + ": non-finite output at " + i);
                }
                sum += Math.abs(v);
            }
            if (sum == 0) {
                throw new IllegalStateException(who + ": output is all zeros");
            }
        }
    }

    @State(Scope.Thread)
    public static class Aipc4j {
        private static Environment env;
        Arena arena;
        Session session;
        Tensor[] in;
        Tensor[] out;
        MemorySegment outData;
        PreparedRun prepared;
        IoBinding binding;
        RunOptions options;

        @Setup(Level.Trial)
        public void setUp(Model m) {
            synchronized (Aipc4j.class) {
                if (env == null) {
                    env = Environment.create();
                }
            }
            try (SessionOptions options = SessionOptions.create().intraOpThreads(1)) {
                m.freeDimensions.forEach(options::freeDimension);
                session = Session.create(env, m.bytes, options);
            }
            arena = Arena.ofShared();
            in = new Tensor[m.inputs.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, m.inputs[i]), ElementType.INT64, m.inputShape);
            }
            outData = arena.allocate(m.outputType.byteSize(m.outputElements()), 64);
            out = new Tensor[] {Tensor.wrap(outData, m.outputType, m.outputShape)};
            prepared = session.prepare(m.inputNames, List.of(m.outputName));
            binding = session.bind();
            for (int i = 0; i < in.length; i++) {
                binding.bindInput(m.inputNames.get(i), in[i]);
            }
            binding.bindOutput(m.outputName, out[0]);
            options = RunOptions.create();

            prepared.run(null, in, out);
            m.verify("aipc4j PreparedRun", i -> element(m, i));
            outData.fill((byte) 0);
            binding.run(null);
            m.verify("aipc4j IoBinding", i -> element(m, i));
        }

        private double element(Model m, long i) {
            return m.outputType == ElementType.INT64 ? outData.getAtIndex(ValueLayout.JAVA_LONG, i)
                    : outData.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            binding.close();
            prepared.close();
            options.close();
            out[0].close();
            for (Tensor t : in) {
                t.close();
            }
            session.close();
            arena.close();
        }
    }

    @State(Scope.Thread)
    public static class Jni {
        OrtEnvironment env;
        OrtSession session;
        Map<String, OnnxTensor> inputs;
        Map<String, OnnxTensor> pinned;
        final Set<String> requested = Set.of();
        ByteBuffer outBytes;

        @Setup(Level.Trial)
        public void setUp(Model m) throws Exception {
            OnnxRuntimeJni.useAipc4jRuntime(); // before ai.onnxruntime initialises: same libonnxruntime as aipc4j
            env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                for (Map.Entry<String, Long> d : m.freeDimensions.entrySet()) {
                    options.setSymbolicDimensionValue(d.getKey(), d.getValue());
                }
                session = env.createSession(m.bytes, options);
            }
            inputs = new LinkedHashMap<>();
            for (int i = 0; i < m.inputs.length; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(m.inputs[i].length * Long.BYTES).order(ByteOrder.nativeOrder());
                b.asLongBuffer().put(m.inputs[i]);
                inputs.put(m.inputNames.get(i), OnnxTensor.createTensor(env, b.asLongBuffer(), m.inputShape));
            }
            outBytes = ByteBuffer.allocateDirect((int) m.outputType.byteSize(m.outputElements())).order(ByteOrder.nativeOrder());
            OnnxTensor output = m.outputType == ElementType.INT64
                    ? OnnxTensor.createTensor(env, outBytes.asLongBuffer(), m.outputShape)
                    : OnnxTensor.createTensor(env, outBytes.asFloatBuffer(), m.outputShape);
            pinned = Map.of(m.outputName, output);

            try (OrtSession.Result r = session.run(inputs, requested, pinned)) {
                if (r.isResultOwner(0)) {
                    throw new IllegalStateException("JNI: the pinned output was not used");
                }
            }
            m.verify("JNI pinned", i -> m.outputType == ElementType.INT64 ? (double) outBytes.getLong((int) i * 8)
                    : (double) outBytes.getFloat((int) i * 4));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            pinned.values().forEach(OnnxTensor::close);
            inputs.values().forEach(OnnxTensor::close);
            session.close();
        }
    }

    /**
     * The floor under every FFM binding, for reading the others: the same ORT calls on aipc4j's session, tensors and
     * binding and a reused {@code OrtRunOptions} (native handles taken by reflection), each one bare
     * {@code invokeExact} of a downcall handle bound to the function's address, no checks, no Java-side state. Not an API anyone should use; it says how much of a
     * binding's time is ONNX Runtime's own.
     */
    @State(Scope.Thread)
    public static class Floor {
        MethodHandle runWithBinding;
        MethodHandle run;
        MemorySegment session;
        MemorySegment binding;
        MemorySegment options;
        MemorySegment inputNames;
        MemorySegment inputValues;
        long inputCount;
        MemorySegment outputNames;
        MemorySegment outputValues;
        MemorySegment outData;

        @Setup(Level.Trial)
        public void setUp(Aipc4j a, Model m) throws Exception {
            Method handle = NativeResource.class.getDeclaredMethod("handle");
            handle.setAccessible(true);
            session = (MemorySegment) handle.invoke(a.session);
            binding = (MemorySegment) handle.invoke(a.binding);
            options = (MemorySegment) handle.invoke(a.options);
            MemorySegment base = onnxruntime_c_api_h.OrtGetApiBase();
            MemorySegment api = OrtApiBase.GetApi.invoke(OrtApiBase.GetApi(base), onnxruntime_c_api_h.ORT_API_VERSION())
                    .reinterpret(OrtApi.sizeof());
            Linker linker = Linker.nativeLinker();
            AddressLayout p = ValueLayout.ADDRESS;
            // the OrtStatus* comes back as a long: no MemorySegment is made for it
            ValueLayout.OfLong j = ValueLayout.JAVA_LONG;
            runWithBinding = linker.downcallHandle(OrtApi.RunWithBinding(api), FunctionDescriptor.of(j, p, p, p));
            run = linker.downcallHandle(OrtApi.Run(api), FunctionDescriptor.of(j, p, p, p, p, j, p, j, p));
            inputCount = m.inputNames.size();
            inputNames = a.arena.allocate(p, inputCount);
            inputValues = a.arena.allocate(p, inputCount);
            for (int i = 0; i < inputCount; i++) {
                inputNames.setAtIndex(p, i, a.arena.allocateFrom(m.inputNames.get(i)));
                inputValues.setAtIndex(p, i, (MemorySegment) handle.invoke(a.in[i]));
            }
            outputNames = a.arena.allocate(p);
            outputNames.set(p, 0, a.arena.allocateFrom(m.outputName));
            outputValues = a.arena.allocate(p);
            outputValues.set(p, 0, (MemorySegment) handle.invoke(a.out[0]));
            outData = a.outData;
        }
    }

    @Benchmark
    public long floorRunWithBinding(Floor f) throws Throwable {
        long status = (long) f.runWithBinding.invokeExact(f.session, f.options, f.binding);
        if (status != 0) {
            throw new IllegalStateException("RunWithBinding failed");
        }
        return f.outData.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public long floorRun(Floor f) throws Throwable {
        long status = (long) f.run.invokeExact(f.session, f.options, f.inputNames,
                f.inputValues, f.inputCount, f.outputNames, 1L, f.outputValues);
        if (status != 0) {
            throw new IllegalStateException("Run failed");
        }
        return f.outData.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public long aipc4jPreparedRun(Aipc4j s) {
        s.prepared.run(null, s.in, s.out);
        return s.outData.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public long aipc4jIoBinding(Aipc4j s) {
        s.binding.run(null);
        return s.outData.get(ValueLayout.JAVA_LONG, 0);
    }

    /** As {@link #aipc4jIoBinding} with a reused {@link RunOptions}: ORT builds a default one per run given null. */
    @Benchmark
    public long aipc4jIoBindingReusedOptions(Aipc4j s) {
        s.binding.run(s.options);
        return s.outData.get(ValueLayout.JAVA_LONG, 0);
    }

    @Benchmark
    public long jniPinned(Jni s) throws Exception {
        try (OrtSession.Result r = s.session.run(s.inputs, s.requested, s.pinned)) {
            return s.outBytes.getLong(0);
        }
    }
}
