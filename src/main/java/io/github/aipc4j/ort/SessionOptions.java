package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

/**
 * {@code OrtSessionOptions}: threads, optimisation, memory switches, config entries, free-dimension overrides and
 * execution providers. Setters return {@code this}. Not thread-safe; may be reused for several sessions and closed
 * once they are created.
 */
public final class SessionOptions extends NativeResource {
    private SessionOptions(MemorySegment handle) {
        super(handle);
    }

    public static SessionOptions create() {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateSessionOptions.invoke(OrtApi.CreateSessionOptions(api), out));
            return new SessionOptions(out.get(Api.POINTER, 0));
        }
    }

    /** Threads used inside one operator (0 = ORT's default: one per physical core). */
    public SessionOptions intraOpThreads(int threads) {
        Api.check(OrtApi.SetIntraOpNumThreads.invoke(OrtApi.SetIntraOpNumThreads(Api.get()), handle(), threads), "intra-op threads");
        return this;
    }

    /** Threads running independent operators in {@link ExecutionMode#PARALLEL} mode. */
    public SessionOptions interOpThreads(int threads) {
        Api.check(OrtApi.SetInterOpNumThreads.invoke(OrtApi.SetInterOpNumThreads(Api.get()), handle(), threads), "inter-op threads");
        return this;
    }

    public SessionOptions optimizationLevel(GraphOptimizationLevel level) {
        Api.check(OrtApi.SetSessionGraphOptimizationLevel.invoke(OrtApi.SetSessionGraphOptimizationLevel(Api.get()),
                handle(), level.value), "optimization level");
        return this;
    }

    public SessionOptions executionMode(ExecutionMode mode) {
        Api.check(OrtApi.SetSessionExecutionMode.invoke(OrtApi.SetSessionExecutionMode(Api.get()), handle(), mode.ordinal()),
                "execution mode");
        return this;
    }

    /** Memory-pattern optimisation (pre-planned allocations for fixed shapes); on by default. */
    public SessionOptions memoryPattern(boolean enabled) {
        MemorySegment api = Api.get();
        Api.check(enabled ? OrtApi.EnableMemPattern.invoke(OrtApi.EnableMemPattern(api), handle())
                : OrtApi.DisableMemPattern.invoke(OrtApi.DisableMemPattern(api), handle()), "memory pattern");
        return this;
    }

    /** The CPU arena allocator; on by default. */
    public SessionOptions cpuMemoryArena(boolean enabled) {
        MemorySegment api = Api.get();
        Api.check(enabled ? OrtApi.EnableCpuMemArena.invoke(OrtApi.EnableCpuMemArena(api), handle())
                : OrtApi.DisableCpuMemArena.invoke(OrtApi.DisableCpuMemArena(api), handle()), "CPU memory arena");
        return this;
    }

    /** Sessions use the environment's global thread pools (the environment must have been created with them). */
    public SessionOptions useGlobalThreadPools() {
        Api.check(OrtApi.DisablePerSessionThreads.invoke(OrtApi.DisablePerSessionThreads(Api.get()), handle()),
                "global thread pools");
        return this;
    }

    /** A session configuration entry, e.g. {@code session.intra_op.allow_spinning = 0}. */
    public SessionOptions config(String key, String value) {
        try (Arena arena = Arena.ofConfined()) {
            Api.check(OrtApi.AddSessionConfigEntry.invoke(OrtApi.AddSessionConfigEntry(Api.get()), handle(),
                    arena.allocateFrom(key), arena.allocateFrom(value)), "config entry " + key);
        }
        return this;
    }

    /** Fixes a symbolic dimension (e.g. {@code batch}) to a value, so ORT can plan for it. */
    public SessionOptions freeDimension(String name, long value) {
        try (Arena arena = Arena.ofConfined()) {
            Api.check(OrtApi.AddFreeDimensionOverrideByName.invoke(OrtApi.AddFreeDimensionOverrideByName(Api.get()),
                    handle(), arena.allocateFrom(name), value), "free dimension override " + name);
        }
        return this;
    }

    /**
     * Appends an execution provider by name ({@code cpu}, {@code cuda}, {@code dml}, {@code openvino}, … or a full
     * name such as {@code CUDAExecutionProvider}) with its provider options. The CPU provider is always present and
     * needs no call. A provider the loaded runtime lacks raises an {@link OrtException} naming those it has.
     */
    public SessionOptions provider(String name, Map<String, String> options) {
        String full = Providers.fullName(name);
        List<String> available = Providers.available();
        if (!available.contains(full)) {
            throw new OrtException(OrtErrorCode.INVALID_ARGUMENT, "execution provider " + name + " (" + full
                    + ") is not in the loaded ONNX Runtime; it has " + available
                    + ". Use a runtime build that includes it (e.g. onnxruntime-gpu for CUDA, onnxruntime-directml on Windows).");
        }
        if (full.equals("CPUExecutionProvider")) {
            return this;
        }
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            int n = options.size();
            MemorySegment keys = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
            MemorySegment values = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
            int i = 0;
            for (Map.Entry<String, String> e : options.entrySet()) {
                keys.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(e.getKey()));
                values.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(e.getValue()));
                i++;
            }
            if (full.equals("CUDAExecutionProvider")) {
                appendCuda(api, arena, keys, values, n);
            } else {
                String shortName = switch (full) {
                    case "DmlExecutionProvider" -> "DML";
                    case "OpenVINOExecutionProvider" -> "OpenVINO";
                    case "QNNExecutionProvider" -> "QNN";
                    case "XnnpackExecutionProvider" -> "XNNPACK";
                    case "WebGpuExecutionProvider" -> "WebGPU";
                    case "CoreMLExecutionProvider" -> "CoreML";
                    default -> full.replace("ExecutionProvider", "");
                };
                Api.check(OrtApi.SessionOptionsAppendExecutionProvider.invoke(
                        OrtApi.SessionOptionsAppendExecutionProvider(api), handle(), arena.allocateFrom(shortName),
                        keys, values, n), "appending execution provider " + full);
            }
        }
        return this;
    }

    private void appendCuda(MemorySegment api, Arena arena, MemorySegment keys, MemorySegment values, int n) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        Api.check(OrtApi.CreateCUDAProviderOptions.invoke(OrtApi.CreateCUDAProviderOptions(api), out), "CUDA provider options");
        MemorySegment cuda = out.get(Api.POINTER, 0);
        try {
            Api.check(OrtApi.UpdateCUDAProviderOptions.invoke(OrtApi.UpdateCUDAProviderOptions(api), cuda, keys, values, n),
                    "CUDA provider options");
            Api.check(OrtApi.SessionOptionsAppendExecutionProvider_CUDA_V2.invoke(
                    OrtApi.SessionOptionsAppendExecutionProvider_CUDA_V2(api), handle(), cuda), "appending the CUDA provider");
        } finally {
            OrtApi.ReleaseCUDAProviderOptions.invoke(OrtApi.ReleaseCUDAProviderOptions(api), cuda);
        }
    }

    MemorySegment pointer() {
        return handle();
    }

    @Override
    protected void release(MemorySegment handle) {
        OrtApi.ReleaseSessionOptions.invoke(OrtApi.ReleaseSessionOptions(Api.get()), handle);
    }
}
