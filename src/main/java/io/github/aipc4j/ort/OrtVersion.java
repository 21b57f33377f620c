package io.github.aipc4j.ort;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeCalls;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The loaded ONNX Runtime's version, read through {@code OrtGetApiBase()->GetVersionString()}.
 * Hand-written downcalls until the generated {@code OrtApiBase} bindings replace them.
 */
public final class OrtVersion {
    private static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private OrtVersion() {
    }

    public static String get() {
        LoadedRuntime ort = NativeLoader.load(RuntimeLibrary.ONNXRUNTIME);
        try {
            MemorySegment apiBase = (MemorySegment) ort.downcall("OrtGetApiBase", FunctionDescriptor.of(C_POINTER))
                    .invokeExact();
            // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
            MemorySegment getVersionString = apiBase.reinterpret(2 * C_POINTER.byteSize()).get(C_POINTER, C_POINTER.byteSize());
            MemorySegment version = (MemorySegment) Linker.nativeLinker()
                    .downcallHandle(getVersionString, FunctionDescriptor.of(C_POINTER)).invokeExact();
            return NativeCalls.string(version);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }
}
