package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code OrtIoBinding}: inputs and outputs bound once to tensors (or outputs to a device, for ORT to allocate
 * with whatever shape the run produces) and reused across runs; rebinding a name replaces its tensor, so shapes
 * may change between runs. Bound tensors must stay open while bound (checked before each run).
 * One thread at a time; close it before its session.
 */
public final class IoBinding extends NativeResource {
    private final Session session;
    private final Arena names = Arena.ofShared();
    private final Map<String, MemorySegment> nativeNames = new HashMap<>();
    private final Map<String, Tensor> boundInputs = new LinkedHashMap<>();
    private final Map<String, Tensor> boundOutputs = new LinkedHashMap<>();
    /** The bound tensors as an array, rebuilt only when a binding changes, so that run() allocates nothing. */
    private Tensor[] bound = new Tensor[0];
    private final List<String> outputOrder = new ArrayList<>();
    private final Map<String, MemorySegment> deviceInfos = new HashMap<>();

    private IoBinding(MemorySegment handle, Session session) {
        super(handle);
        this.session = session;
    }

    static IoBinding create(Session session) {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateIoBinding.invoke(OrtApi.CreateIoBinding(api), session.pointer(), out), "creating an IoBinding");
            return new IoBinding(out.get(Api.POINTER, 0), session);
        }
    }

    private MemorySegment name(String name) {
        return nativeNames.computeIfAbsent(name, names::allocateFrom);
    }

    public IoBinding bindInput(String name, Tensor tensor) {
        Api.check(OrtApi.BindInput.invoke(OrtApi.BindInput(Api.get()), handle(), name(name), tensor.pointer()),
                "binding input '" + name + "'");
        boundInputs.put(name, tensor);
        rebuildBound();
        return this;
    }

    /** Binds an output to a preallocated tensor that ORT writes into. */
    public IoBinding bindOutput(String name, Tensor tensor) {
        Api.check(OrtApi.BindOutput.invoke(OrtApi.BindOutput(Api.get()), handle(), name(name), tensor.pointer()),
                "binding output '" + name + "'");
        boundOutputs.put(name, tensor);
        rebuildBound();
        remember(name);
        return this;
    }

    /** Binds an output to CPU memory that ORT allocates each run, in the shape the run produces. */
    public IoBinding bindOutputToCpu(String name) {
        return bindOutputToDevice(name, "Cpu", 0);
    }

    /**
     * Binds an output to memory ORT allocates on a device ({@code Cpu}, {@code Cuda}, {@code DML},
     * {@code OpenVINO_GPU}, …; the names of ORT's {@code OrtMemoryInfo}), so results can stay there between runs.
     */
    public IoBinding bindOutputToDevice(String name, String device, int deviceId) {
        MemorySegment info = deviceInfos.computeIfAbsent(device + ":" + deviceId, key -> memoryInfo(device, deviceId));
        Api.check(OrtApi.BindOutputToDevice.invoke(OrtApi.BindOutputToDevice(Api.get()), handle(), name(name), info),
                "binding output '" + name + "' to " + device);
        boundOutputs.remove(name);
        rebuildBound();
        remember(name);
        return this;
    }

    private void remember(String name) {
        if (!outputOrder.contains(name)) {
            outputOrder.add(name);
        }
    }

    private static MemorySegment memoryInfo(String device, int deviceId) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            // OrtDeviceAllocator (0), OrtMemTypeDefault (0)
            Api.check(OrtApi.CreateMemoryInfo.invoke(OrtApi.CreateMemoryInfo(Api.get()), arena.allocateFrom(device), 0,
                    deviceId, 0, out), "memory info for device " + device);
            return out.get(Api.POINTER, 0);
        }
    }

    public void clearInputs() {
        OrtApi.ClearBoundInputs.invoke(OrtApi.ClearBoundInputs(Api.get()), handle());
        boundInputs.clear();
        rebuildBound();
    }

    public void clearOutputs() {
        OrtApi.ClearBoundOutputs.invoke(OrtApi.ClearBoundOutputs(Api.get()), handle());
        boundOutputs.clear();
        rebuildBound();
        outputOrder.clear();
    }

    private void rebuildBound() {
        List<Tensor> all = new ArrayList<>(boundInputs.values());
        all.addAll(boundOutputs.values());
        bound = all.toArray(Tensor[]::new);
    }

    /** Runs the session with this binding. {@code options} may be null. */
    public void run(RunOptions options) {
        MemorySegment binding = handle();
        Tensor[] tensors = bound;
        for (int i = 0; i < tensors.length; i++) {
            tensors[i].pointer(); // throws if a bound tensor or its memory was freed
        }
        Api.check(OrtApi.RunWithBinding.invoke(OrtApi.RunWithBinding(Api.get()), session.pointer(),
                options == null ? MemorySegment.NULL : options.pointer(), binding));
    }

    /**
     * The outputs of the last run, in binding order, as new tensors the caller owns (for outputs bound to a
     * tensor, another handle to that tensor's memory).
     */
    public Outputs outputs() {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment arrayOut = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
            Api.check(OrtApi.GetBoundOutputValues.invoke(OrtApi.GetBoundOutputValues(api), handle(), Api.allocator(),
                    arrayOut, countOut), "reading bound outputs");
            long n = countOut.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment array = arrayOut.get(Api.POINTER, 0);
            if (n == 0 || array.address() == 0) {
                return new Outputs(List.of(), List.of());
            }
            array = array.reinterpret(n * ValueLayout.ADDRESS.byteSize());
            List<Tensor> tensors = new ArrayList<>();
            try {
                for (long i = 0; i < n; i++) {
                    tensors.add(Tensor.adopt(array.getAtIndex(Api.POINTER, i)));
                }
            } finally {
                Api.free(array);
            }
            return new Outputs(outputOrder.subList(0, tensors.size()), tensors);
        }
    }

    @Override
    protected void release(MemorySegment handle) {
        MemorySegment api = Api.get();
        OrtApi.ReleaseIoBinding.invoke(OrtApi.ReleaseIoBinding(api), handle);
        deviceInfos.values().forEach(info -> OrtApi.ReleaseMemoryInfo.invoke(OrtApi.ReleaseMemoryInfo(api), info));
        names.close();
    }
}
