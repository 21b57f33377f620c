package io.github.aipc4j.genai;

import io.github.aipc4j.bindings.genai.ort_genai_c_h;
import io.github.aipc4j.loader.LoadedRuntime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Process-wide GenAI switches: version, logging to {@link System.Logger}, telemetry, shutdown. */
public final class GenAI {
    private static final System.Logger LOG = System.getLogger("io.github.aipc4j.genai");
    private static MemorySegment callback;

    private GenAI() {
    }

    /** The loaded library's version as pinned (GenAI exports no version function). */
    public static String version() {
        LoadedRuntime r = Oga.load();
        return r.pinnedVersion().orElse("unknown (not loaded from aipc4j's native folder)");
    }

    /**
     * Routes GenAI's log messages to the {@link System.Logger} {@code io.github.aipc4j.genai} (at INFO) and turns
     * its logging on or off.
     */
    public static synchronized void logging(boolean enabled) {
        Oga.load();
        try (Arena arena = Arena.ofConfined()) {
            if (enabled && callback == null) {
                callback = Linker.nativeLinker().upcallStub(MethodHandles.lookup().findStatic(GenAI.class, "log",
                                MethodType.methodType(void.class, MemorySegment.class, long.class)),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Arena.global());
                Oga.require("OgaSetLogCallback", "0.9.0");
                Oga.check(ort_genai_c_h.OgaSetLogCallback(callback), "setting the log callback");
            }
            Oga.check(ort_genai_c_h.OgaSetLogBool(arena.allocateFrom("enabled"), enabled), "logging");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Turns one of GenAI's log items on or off ({@code generate_next_token}, {@code append_next_tokens},
     * {@code hit_eos}, {@code hit_max_length}, {@code model_input_values}, {@code model_output_shapes},
     * {@code model_output_values}, {@code model_logits}, {@code ort_lib}, {@code value_stats}, …); messages go where
     * {@link #logging(boolean)} routes them.
     */
    public static void logItem(String item, boolean enabled) {
        Oga.load();
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(ort_genai_c_h.OgaSetLogBool(arena.allocateFrom(item), enabled), "log item " + item);
        }
    }

    @SuppressWarnings("unused") // upcall target: never throws into GenAI
    private static void log(MemorySegment message, long length) {
        try {
            LOG.log(System.Logger.Level.INFO, new String(message.reinterpret(length).toArray(ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
        } catch (Throwable ignored) {
            // nothing may unwind into native frames
        }
    }

    /** GenAI 0.15+ sends telemetry by default in official builds; this turns it off (or on). */
    public static void telemetry(boolean enabled) {
        Oga.require("OgaSetTelemetryEnabled", "0.15.0");
        ort_genai_c_h.OgaSetTelemetryEnabled(enabled);
    }

    /** Open GenAI objects created through aipc4j. */
    public static int openObjects() {
        return Oga.live();
    }

    /**
     * {@code OgaShutdown}: releases GenAI's runtime and globals. Every GenAI object must be closed first (else
     * {@link IllegalStateException}). GenAI may be used again afterwards (0.15+). Runs by itself at JVM exit when
     * every object is closed.
     */
    public static void shutdown() {
        Oga.shutdown();
    }
}
