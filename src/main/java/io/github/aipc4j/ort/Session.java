package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.core.NativeResource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code OrtSession}: a loaded model, its inputs and outputs, and runs.
 *
 * <p>Thread-safety: {@link #run} may be called from many threads at once on one session (ONNX Runtime
 * supports concurrent {@code Run}); a {@link PreparedRun} or {@link IoBinding} belongs to one thread at a time.
 * Close the session after every run, prepared run and binding using it has finished.
 */
public final class Session extends NativeResource {
    private final List<NodeInfo> inputs;
    private final List<NodeInfo> outputs;
    private final List<NodeInfo> overridable;
    private final Map<String, Integer> inputIndex = new HashMap<>();
    private final Map<String, Integer> outputIndex = new HashMap<>();

    private Session(MemorySegment handle) {
        super(handle);
        MemorySegment api = Api.get();
        try {
            inputs = nodes(api, handle, Kind.INPUT);
            outputs = nodes(api, handle, Kind.OUTPUT);
            overridable = nodes(api, handle, Kind.OVERRIDABLE);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (int i = 0; i < inputs.size(); i++) {
            inputIndex.put(inputs.get(i).name(), i);
        }
        for (int i = 0; i < outputs.size(); i++) {
            outputIndex.put(outputs.get(i).name(), i);
        }
    }

    /** Loads the model file at {@code model} (ONNX or ORT format). */
    public static Session create(Environment environment, Path model, SessionOptions options) {
        if (!Files.isRegularFile(model)) {
            throw new OrtException(OrtErrorCode.NO_SUCHFILE, "model file " + model.toAbsolutePath() + " does not exist");
        }
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateSession.invoke(OrtApi.CreateSession(api), environment.pointer(),
                    arena.allocateFrom(model.toAbsolutePath().toString()), options.pointer(), out),
                    "loading model " + model);
            return new Session(out.get(Api.POINTER, 0));
        }
    }

    /** Loads a model from its bytes in memory (ORT copies what it needs; the segment may be freed afterwards). */
    public static Session create(Environment environment, MemorySegment model, SessionOptions options) {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = model.isNative() ? model : arena.allocate(model.byteSize()).copyFrom(model);
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateSessionFromArray.invoke(OrtApi.CreateSessionFromArray(api), environment.pointer(),
                    bytes, bytes.byteSize(), options.pointer(), out), "loading a model from memory");
            return new Session(out.get(Api.POINTER, 0));
        }
    }

    /** Loads a model from its bytes. */
    public static Session create(Environment environment, byte[] model, SessionOptions options) {
        return create(environment, MemorySegment.ofArray(model), options);
    }

    /** Reads a model file and loads it from memory (for files the caller has already checked, or in-memory edits). */
    public static Session fromBytes(Environment environment, Path model, SessionOptions options) throws IOException {
        return create(environment, Files.readAllBytes(model), options);
    }

    public List<NodeInfo> inputs() {
        return inputs;
    }

    public List<NodeInfo> outputs() {
        return outputs;
    }

    /** Initializers the caller may override by passing an input of the same name. */
    public List<NodeInfo> overridableInitializers() {
        return overridable;
    }

    public ModelMetadata metadata() {
        return Metadata.read(Api.get(), handle());
    }

    /** Runs with every output, default run options. */
    public Outputs run(Map<String, Tensor> inputs) {
        return run(null, inputs, outputs.stream().map(NodeInfo::name).toList());
    }

    /**
     * Runs the model. Input names must be model inputs or overridable initializers; outputs are allocated by ONNX
     * Runtime and owned by the returned {@link Outputs}. {@code options} may be null.
     */
    public Outputs run(RunOptions options, Map<String, Tensor> inputs, List<String> outputNames) {
        try (PreparedRun prepared = prepare(List.copyOf(inputs.keySet()), outputNames)) {
            return prepared.run(options, inputs.values().toArray(Tensor[]::new));
        }
    }

    /**
     * Encodes input and output names once, for runs that repeat: {@link PreparedRun#run(RunOptions, Tensor[], Tensor[])}
     * with reused tensors allocates nothing.
     */
    public PreparedRun prepare(List<String> inputNames, List<String> outputNames) {
        handle();
        for (String name : inputNames) {
            if (!inputIndex.containsKey(name) && overridable.stream().noneMatch(n -> n.name().equals(name))) {
                throw new OrtException(OrtErrorCode.INVALID_ARGUMENT, "unknown input '" + name + "'; the model's inputs are "
                        + inputs.stream().map(NodeInfo::name).toList()
                        + (overridable.isEmpty() ? "" : " and overridable initializers "
                        + overridable.stream().map(NodeInfo::name).toList()));
            }
        }
        for (String name : outputNames) {
            if (!outputIndex.containsKey(name)) {
                throw new OrtException(OrtErrorCode.INVALID_ARGUMENT, "unknown output '" + name + "'; the model's outputs are "
                        + outputs.stream().map(NodeInfo::name).toList());
            }
        }
        return new PreparedRun(this, inputNames, outputNames);
    }

    /** Creates a binding of this session's inputs and outputs to tensors or devices. */
    public IoBinding bind() {
        return IoBinding.create(this);
    }

    MemorySegment pointer() {
        return handle();
    }

    /**
     * The {@code OrtSession*}, for code that calls the generated {@code OrtApi} table directly on a hot path (the
     * {@code llm.ort} engine binds its KV cache this way, allocation-free). Valid only while this session is open:
     * the caller must stop using it before closing the session.
     *
     * @throws IllegalStateException if the session is closed
     */
    public MemorySegment nativeHandle() {
        return handle();
    }

    private enum Kind { INPUT, OUTPUT, OVERRIDABLE }

    private static List<NodeInfo> nodes(MemorySegment api, MemorySegment session, Kind kind) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
            Api.check(switch (kind) {
                case INPUT -> OrtApi.SessionGetInputCount.invoke(OrtApi.SessionGetInputCount(api), session, count);
                case OUTPUT -> OrtApi.SessionGetOutputCount.invoke(OrtApi.SessionGetOutputCount(api), session, count);
                case OVERRIDABLE -> OrtApi.SessionGetOverridableInitializerCount.invoke(
                        OrtApi.SessionGetOverridableInitializerCount(api), session, count);
            });
            long n = count.get(ValueLayout.JAVA_LONG, 0);
            List<NodeInfo> result = new ArrayList<>();
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            for (long i = 0; i < n; i++) {
                Api.check(switch (kind) {
                    case INPUT -> OrtApi.SessionGetInputName.invoke(OrtApi.SessionGetInputName(api), session, i, Api.allocator(), out);
                    case OUTPUT -> OrtApi.SessionGetOutputName.invoke(OrtApi.SessionGetOutputName(api), session, i, Api.allocator(), out);
                    case OVERRIDABLE -> OrtApi.SessionGetOverridableInitializerName.invoke(
                            OrtApi.SessionGetOverridableInitializerName(api), session, i, Api.allocator(), out);
                });
                String name = Api.takeString(out.get(Api.POINTER, 0));
                Api.check(switch (kind) {
                    case INPUT -> OrtApi.SessionGetInputTypeInfo.invoke(OrtApi.SessionGetInputTypeInfo(api), session, i, out);
                    case OUTPUT -> OrtApi.SessionGetOutputTypeInfo.invoke(OrtApi.SessionGetOutputTypeInfo(api), session, i, out);
                    case OVERRIDABLE -> OrtApi.SessionGetOverridableInitializerTypeInfo.invoke(
                            OrtApi.SessionGetOverridableInitializerTypeInfo(api), session, i, out);
                });
                MemorySegment typeInfo = out.get(Api.POINTER, 0);
                try {
                    Api.check(OrtApi.CastTypeInfoToTensorInfo.invoke(OrtApi.CastTypeInfoToTensorInfo(api), typeInfo, out));
                    MemorySegment tensorInfo = out.get(Api.POINTER, 0);
                    if (tensorInfo.address() == 0) {
                        throw new OrtException(OrtErrorCode.NOT_IMPLEMENTED, kind.name().toLowerCase() + " '" + name
                                + "' is not a tensor (a sequence or map); aipc4j binds tensors only");
                    }
                    result.add(new NodeInfo(name, TensorInfo.read(api, arena, tensorInfo)));
                } finally {
                    OrtApi.ReleaseTypeInfo.invoke(OrtApi.ReleaseTypeInfo(api), typeInfo);
                }
            }
            return List.copyOf(result);
        }
    }

    @Override
    protected void release(MemorySegment handle) {
        OrtApi.ReleaseSession.invoke(OrtApi.ReleaseSession(Api.get()), handle);
    }
}
