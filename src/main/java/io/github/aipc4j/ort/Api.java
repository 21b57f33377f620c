package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.bindings.onnxruntime.OrtApiBase;
import io.github.aipc4j.bindings.onnxruntime.onnxruntime_c_api_h;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code OrtApi} function table at the API level the bindings were generated for, plus the status check
 * every call goes through. Loading happens on first use, so a missing runtime is a
 * {@link io.github.aipc4j.loader.RuntimeNotFoundException} at that call, never a class-initialisation error.
 */
final class Api {
    /** A pointer layout whose reads give unbounded segments, so C strings can be read in place. */
    static final AddressLayout POINTER = onnxruntime_c_api_h.C_POINTER;
    private static volatile MemorySegment api;
    private static volatile MemorySegment allocator;
    private static volatile MemorySegment cpuMemoryInfo;

    private Api() {
    }

    /** {@code const OrtApi*}, sized to the struct. */
    static MemorySegment get() {
        MemorySegment table = api;
        if (table == null) {
            synchronized (Api.class) {
                if (api == null) {
                    NativeLoader.load(RuntimeLibrary.ONNXRUNTIME);
                    MemorySegment base = onnxruntime_c_api_h.OrtGetApiBase();
                    int version = onnxruntime_c_api_h.ORT_API_VERSION();
                    MemorySegment found = OrtApiBase.GetApi.invoke(OrtApiBase.GetApi(base), version);
                    if (found.equals(MemorySegment.NULL)) {
                        throw new OrtException(OrtErrorCode.NOT_IMPLEMENTED, "the loaded ONNX Runtime ("
                                + OrtApiBase.GetVersionString.invoke(OrtApiBase.GetVersionString(base)).getString(0)
                                + ") does not provide API version " + version + "; use ONNX Runtime 1." + version + " or newer");
                    }
                    api = found.reinterpret(OrtApi.sizeof());
                }
                table = api;
            }
        }
        return table;
    }

    /** Throws the status as an {@link OrtException} (releasing it) unless it is NULL, i.e. success. */
    static void check(MemorySegment status) {
        if (status.address() != 0) {
            throw exception(status, null);
        }
    }

    /** As {@link #check(MemorySegment)}, naming what was being done. */
    static void check(MemorySegment status, String doing) {
        if (status.address() != 0) {
            throw exception(status, doing);
        }
    }

    private static OrtException exception(MemorySegment status, String doing) {
        MemorySegment table = get();
        try {
            OrtErrorCode code = OrtErrorCode.of(OrtApi.GetErrorCode.invoke(OrtApi.GetErrorCode(table), status));
            String message = OrtApi.GetErrorMessage.invoke(OrtApi.GetErrorMessage(table), status).getString(0);
            return new OrtException(code, doing == null ? message : doing + ": " + message);
        } finally {
            OrtApi.ReleaseStatus.invoke(OrtApi.ReleaseStatus(table), status);
        }
    }

    /** ORT's default CPU allocator (owned by ORT, never released). */
    static MemorySegment allocator() {
        MemorySegment a = allocator;
        if (a == null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                check(OrtApi.GetAllocatorWithDefaultOptions.invoke(OrtApi.GetAllocatorWithDefaultOptions(get()), out));
                allocator = a = out.get(Api.POINTER, 0);
            }
        }
        return a;
    }

    /** CPU memory info for tensors over caller memory (created once, kept for the process). */
    static MemorySegment cpuMemoryInfo() {
        MemorySegment info = cpuMemoryInfo;
        if (info == null) {
            synchronized (Api.class) {
                if (cpuMemoryInfo == null) {
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                        // OrtArenaAllocator (1), OrtMemTypeDefault (0): how ORT's own CPU tensors are described
                        check(OrtApi.CreateCpuMemoryInfo.invoke(OrtApi.CreateCpuMemoryInfo(get()), 1, 0, out));
                        cpuMemoryInfo = out.get(Api.POINTER, 0);
                    }
                }
                info = cpuMemoryInfo;
            }
        }
        return info;
    }

    /** Frees memory that ORT allocated with the default allocator (names, arrays). */
    static void free(MemorySegment pointer) {
        if (!pointer.equals(MemorySegment.NULL)) {
            check(OrtApi.AllocatorFree.invoke(OrtApi.AllocatorFree(get()), allocator(), pointer));
        }
    }

    /** Reads a string ORT allocated with the default allocator, then frees it. */
    static String takeString(MemorySegment pointer) {
        try {
            return pointer.getString(0);
        } finally {
            free(pointer);
        }
    }
}
