package io.github.aipc4j.llm.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.bindings.onnxruntime.OrtApiBase;
import io.github.aipc4j.bindings.onnxruntime.onnxruntime_c_api_h;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.ort.OrtErrorCode;
import io.github.aipc4j.ort.OrtException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few {@code OrtApi} functions a decode step calls, as downcalls bound once to their addresses with every
 * pointer passed and returned as a {@code long}. A step then creates no {@link MemorySegment} (and no other Java
 * object) whether or not the JIT scalar-replaces them: a long-running step stays interpreted or C1-compiled for
 * hundreds of tokens, where escape analysis does not run. Pointers and 64-bit integers travel in the same registers
 * on every 64-bit ABI ONNX Runtime ships for. Cold calls (creating the binding, run options, memory info) go through
 * the generated bindings.
 */
final class OrtCalls {
    /** {@code const OrtApi*} at the API level the bindings were generated for. */
    static final MemorySegment API = api();

    private static final ValueLayout.OfLong P = ValueLayout.JAVA_LONG;
    private static final MethodHandle CREATE_TENSOR = downcall(OrtApi.CreateTensorWithDataAsOrtValue(API),
            FunctionDescriptor.of(P, P, P, P, P, P, ValueLayout.JAVA_INT, P));
    private static final MethodHandle RELEASE_VALUE = downcall(OrtApi.ReleaseValue(API), FunctionDescriptor.ofVoid(P));
    private static final MethodHandle BIND_INPUT = downcall(OrtApi.BindInput(API), FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle BIND_OUTPUT = downcall(OrtApi.BindOutput(API), FunctionDescriptor.of(P, P, P, P));
    private static final MethodHandle RUN_WITH_BINDING = downcall(OrtApi.RunWithBinding(API), FunctionDescriptor.of(P, P, P, P));

    private OrtCalls() {
    }

    private static MemorySegment api() {
        NativeLoader.load(RuntimeLibrary.ONNXRUNTIME);
        MemorySegment base = onnxruntime_c_api_h.OrtGetApiBase();
        MemorySegment table = OrtApiBase.GetApi.invoke(OrtApiBase.GetApi(base), onnxruntime_c_api_h.ORT_API_VERSION());
        if (table.address() == 0) {
            throw new OrtException(OrtErrorCode.NOT_IMPLEMENTED, "the loaded ONNX Runtime does not provide API version "
                    + onnxruntime_c_api_h.ORT_API_VERSION());
        }
        return table.reinterpret(OrtApi.sizeof());
    }

    private static MethodHandle downcall(MemorySegment function, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(function, descriptor);
    }

    /** {@code CreateTensorWithDataAsOrtValue}; the new {@code OrtValue*} is written to {@code out}. */
    static long createTensor(long memoryInfo, long data, long bytes, long shape, long rank, int type, long out) {
        try {
            return (long) CREATE_TENSOR.invokeExact(memoryInfo, data, bytes, shape, rank, type, out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void releaseValue(long value) {
        try {
            RELEASE_VALUE.invokeExact(value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long bindInput(long binding, long name, long value) {
        try {
            return (long) BIND_INPUT.invokeExact(binding, name, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long bindOutput(long binding, long name, long value) {
        try {
            return (long) BIND_OUTPUT.invokeExact(binding, name, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long runWithBinding(long session, long runOptions, long binding) {
        try {
            return (long) RUN_WITH_BINDING.invokeExact(session, runOptions, binding);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Throws the {@code OrtStatus*} as an {@link OrtException} (releasing it) unless it is 0, i.e. success. */
    static void check(long status, String doing, String name) {
        if (status != 0) {
            throw exception(status, name == null ? doing : doing + " '" + name + "'");
        }
    }

    static OrtException exception(long status, String doing) {
        MemorySegment s = MemorySegment.ofAddress(status);
        try {
            int code = OrtApi.GetErrorCode.invoke(OrtApi.GetErrorCode(API), s);
            String message = OrtApi.GetErrorMessage.invoke(OrtApi.GetErrorMessage(API), s).reinterpret(Long.MAX_VALUE).getString(0);
            OrtErrorCode[] codes = OrtErrorCode.values();
            return new OrtException(code >= 0 && code < codes.length - 1 ? codes[code] : OrtErrorCode.UNKNOWN,
                    doing + ": " + message);
        } finally {
            OrtApi.ReleaseStatus.invoke(OrtApi.ReleaseStatus(API), s);
        }
    }

    /** Runs a cold {@code OrtApi} call that returns a status, as an exception. */
    static void check(MemorySegment status, String doing) {
        if (status.address() != 0) {
            throw exception(status.address(), doing);
        }
    }

    /** {@code CreateIoBinding} for a session. */
    static long createIoBinding(long session) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            check(OrtApi.CreateIoBinding.invoke(OrtApi.CreateIoBinding(API), MemorySegment.ofAddress(session), out),
                    "creating an IoBinding");
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    static void releaseIoBinding(long binding) {
        OrtApi.ReleaseIoBinding.invoke(OrtApi.ReleaseIoBinding(API), MemorySegment.ofAddress(binding));
    }

    static long createRunOptions() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            check(OrtApi.CreateRunOptions.invoke(OrtApi.CreateRunOptions(API), out), "creating run options");
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    static void releaseRunOptions(long options) {
        OrtApi.ReleaseRunOptions.invoke(OrtApi.ReleaseRunOptions(API), MemorySegment.ofAddress(options));
    }

    /** CPU memory info describing tensors over memory aipc4j owns (arena allocator, default memory type). */
    static long createCpuMemoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            check(OrtApi.CreateCpuMemoryInfo.invoke(OrtApi.CreateCpuMemoryInfo(API), 1, 0, out), "creating CPU memory info");
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    static void releaseMemoryInfo(long info) {
        OrtApi.ReleaseMemoryInfo.invoke(OrtApi.ReleaseMemoryInfo(API), MemorySegment.ofAddress(info));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("a downcall threw a checked exception", t);
    }
}
