package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;
import io.github.aipc4j.bindings.onnxruntime.OrtLoggingFunction;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An {@code OrtEnv}: logging and, optionally, thread pools shared by every session created with
 * {@link SessionOptions#useGlobalThreadPools()}. ORT's messages go to the {@link System.Logger} named
 * {@code io.github.aipc4j.ort} (the severity mapping is {@link LoggingLevel#systemLevel()}).
 *
 * <p>ONNX Runtime keeps one environment per process: create one and share it; close it after every session
 * created from it is closed. Thread-safe.
 */
public final class Environment extends NativeResource {
    private static final System.Logger LOG = System.getLogger("io.github.aipc4j.ort");
    /** One upcall stub for the process: ORT may log from any thread, at any time until the env is released. */
    private static MemorySegment loggerStub;

    private Environment(MemorySegment handle) {
        super(handle);
    }

    /** An environment logging at {@link LoggingLevel#WARNING} and above, with per-session thread pools. */
    public static Environment create() {
        return create("aipc4j", LoggingLevel.WARNING, 0, 0);
    }

    /**
     * An environment.
     *
     * @param logId              the log identifier ORT prefixes its messages with
     * @param minimumLevel       messages below this severity are not produced at all
     * @param globalIntraThreads intra-op threads of a global pool shared by sessions that opt in (0 = no global
     *                           pools unless {@code globalInterThreads} is set; then ORT's default size)
     * @param globalInterThreads inter-op threads of that global pool
     */
    public static Environment create(String logId, LoggingLevel minimumLevel, int globalIntraThreads, int globalInterThreads) {
        MemorySegment api = Api.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            if (globalIntraThreads > 0 || globalInterThreads > 0) {
                MemorySegment threading = ThreadingOptions.create(api, arena, globalIntraThreads, globalInterThreads);
                try {
                    Api.check(OrtApi.CreateEnvWithCustomLoggerAndGlobalThreadPools.invoke(
                            OrtApi.CreateEnvWithCustomLoggerAndGlobalThreadPools(api), logger(), MemorySegment.NULL,
                            minimumLevel.ordinal(), arena.allocateFrom(logId), threading, out), "creating the environment");
                } finally {
                    OrtApi.ReleaseThreadingOptions.invoke(OrtApi.ReleaseThreadingOptions(api), threading);
                }
            } else {
                Api.check(OrtApi.CreateEnvWithCustomLogger.invoke(OrtApi.CreateEnvWithCustomLogger(api), logger(),
                        MemorySegment.NULL, minimumLevel.ordinal(), arena.allocateFrom(logId), out), "creating the environment");
            }
            return new Environment(out.get(Api.POINTER, 0));
        }
    }

    private static synchronized MemorySegment logger() {
        if (loggerStub == null) {
            loggerStub = OrtLoggingFunction.allocate(Environment::log, Arena.global());
        }
        return loggerStub;
    }

    /** The upcall: must never throw back into ORT. */
    private static void log(MemorySegment param, int severity, MemorySegment category, MemorySegment logId,
                            MemorySegment codeLocation, MemorySegment message) {
        try {
            System.Logger.Level level = LoggingLevel.of(severity).systemLevel();
            if (LOG.isLoggable(level)) {
                LOG.log(level, "[" + logId.getString(0) + "] " + message.getString(0) + " (" + codeLocation.getString(0) + ")");
            }
        } catch (Throwable ignored) {
            // a logging failure must not unwind through native frames
        }
    }

    MemorySegment pointer() {
        return handle();
    }

    @Override
    protected void release(MemorySegment handle) {
        OrtApi.ReleaseEnv.invoke(OrtApi.ReleaseEnv(Api.get()), handle);
    }
}
