package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Execution provider names: what the loaded runtime has, and the short names aipc4j accepts. */
public final class Providers {
    private static final Map<String, String> SHORT_NAMES = Map.of(
            "cpu", "CPUExecutionProvider",
            "cuda", "CUDAExecutionProvider",
            "dml", "DmlExecutionProvider",
            "directml", "DmlExecutionProvider",
            "openvino", "OpenVINOExecutionProvider",
            "tensorrt", "TensorrtExecutionProvider",
            "qnn", "QNNExecutionProvider",
            "coreml", "CoreMLExecutionProvider",
            "xnnpack", "XnnpackExecutionProvider",
            "webgpu", "WebGpuExecutionProvider");

    private Providers() {
    }

    /** {@code GetAvailableProviders}: the providers compiled into the loaded runtime, e.g. {@code [CPUExecutionProvider]}. */
    public static List<String> available() {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            Api.check(OrtApi.GetAvailableProviders.invoke(OrtApi.GetAvailableProviders(api), out, count));
            int n = count.get(ValueLayout.JAVA_INT, 0);
            MemorySegment names = out.get(Api.POINTER, 0).reinterpret(n * ValueLayout.ADDRESS.byteSize());
            try {
                List<String> result = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    result.add(names.getAtIndex(Api.POINTER, i).getString(0));
                }
                return List.copyOf(result);
            } finally {
                Api.check(OrtApi.ReleaseAvailableProviders.invoke(OrtApi.ReleaseAvailableProviders(api), names, n));
            }
        }
    }

    /** The full provider name for a short name ({@code cuda} → {@code CUDAExecutionProvider}); full names pass through. */
    public static String fullName(String name) {
        String full = SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
        return full != null ? full : name;
    }
}
