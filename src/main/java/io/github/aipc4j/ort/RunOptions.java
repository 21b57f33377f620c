package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code OrtRunOptions}: a tag and log level for runs, and cancellation. {@link #terminate()} may be called from
 * any thread while a run using these options is in progress: the run stops at its next check and throws an
 * {@link OrtException}; call {@link #resume()} before reusing the options. Meant to be created once and reused.
 */
public final class RunOptions extends NativeResource {
    private RunOptions(MemorySegment handle) {
        super(handle);
    }

    public static RunOptions create() {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.CreateRunOptions.invoke(OrtApi.CreateRunOptions(api), out));
            return new RunOptions(out.get(Api.POINTER, 0));
        }
    }

    /** A tag for ORT's log messages of these runs. */
    public RunOptions tag(String tag) {
        try (Arena arena = Arena.ofConfined()) {
            Api.check(OrtApi.RunOptionsSetRunTag.invoke(OrtApi.RunOptionsSetRunTag(Api.get()), handle(),
                    arena.allocateFrom(tag)));
        }
        return this;
    }

    public RunOptions logLevel(LoggingLevel level) {
        Api.check(OrtApi.RunOptionsSetRunLogSeverityLevel.invoke(OrtApi.RunOptionsSetRunLogSeverityLevel(Api.get()),
                handle(), level.ordinal()));
        return this;
    }

    /** A run configuration entry (e.g. {@code memory.enable_memory_arena_shrinkage}). */
    public RunOptions config(String key, String value) {
        try (Arena arena = Arena.ofConfined()) {
            Api.check(OrtApi.AddRunConfigEntry.invoke(OrtApi.AddRunConfigEntry(Api.get()), handle(),
                    arena.allocateFrom(key), arena.allocateFrom(value)), "run config entry " + key);
        }
        return this;
    }

    /** Asks every run using these options to stop; thread-safe. */
    public void terminate() {
        Api.check(OrtApi.RunOptionsSetTerminate.invoke(OrtApi.RunOptionsSetTerminate(Api.get()), handle()));
    }

    /** Clears {@link #terminate()} so the options can run again. */
    public void resume() {
        Api.check(OrtApi.RunOptionsUnsetTerminate.invoke(OrtApi.RunOptionsUnsetTerminate(Api.get()), handle()));
    }

    MemorySegment pointer() {
        return handle();
    }

    @Override
    protected void release(MemorySegment handle) {
        OrtApi.ReleaseRunOptions.invoke(OrtApi.ReleaseRunOptions(Api.get()), handle);
    }
}
