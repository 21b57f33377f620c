package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Builds the {@code OrtThreadingOptions} of a global thread pool; the caller releases it. */
final class ThreadingOptions {
    private ThreadingOptions() {
    }

    static MemorySegment create(MemorySegment api, Arena arena, int intraThreads, int interThreads) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        Api.check(OrtApi.CreateThreadingOptions.invoke(OrtApi.CreateThreadingOptions(api), out));
        MemorySegment options = out.get(Api.POINTER, 0);
        try {
            Api.check(OrtApi.SetGlobalIntraOpNumThreads.invoke(OrtApi.SetGlobalIntraOpNumThreads(api), options, intraThreads));
            Api.check(OrtApi.SetGlobalInterOpNumThreads.invoke(OrtApi.SetGlobalInterOpNumThreads(api), options, interThreads));
            return options;
        } catch (RuntimeException e) {
            OrtApi.ReleaseThreadingOptions.invoke(OrtApi.ReleaseThreadingOptions(api), options);
            throw e;
        }
    }
}
