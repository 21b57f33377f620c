package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApiBase;
import io.github.aipc4j.bindings.onnxruntime.onnxruntime_c_api_h;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.MemorySegment;

/** The loaded ONNX Runtime's version, through {@code OrtGetApiBase()->GetVersionString()}. */
public final class OrtVersion {
    private OrtVersion() {
    }

    public static String get() {
        NativeLoader.load(RuntimeLibrary.ONNXRUNTIME); // before the bindings resolve any symbol
        MemorySegment base = onnxruntime_c_api_h.OrtGetApiBase();
        return OrtApiBase.GetVersionString.invoke(OrtApiBase.GetVersionString(base)).getString(0);
    }
}
