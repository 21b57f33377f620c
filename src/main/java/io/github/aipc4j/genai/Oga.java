package io.github.aipc4j.genai;

import io.github.aipc4j.bindings.genai.ort_genai_c_h;
import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GenAI library as the layer uses it: loaded once (after ONNX Runtime), results checked and destroyed,
 * symbols looked up one by one so that a feature the loaded version lacks is an
 * {@link UnsupportedOperationException} instead of a link error, and a count of live objects so that
 * {@code OgaShutdown} runs only when nothing is left (at JVM exit, or on request).
 */
final class Oga {
    static final AddressLayout POINTER = ort_genai_c_h.C_POINTER;
    private static final AtomicInteger LIVE = new AtomicInteger();
    private static volatile LoadedRuntime runtime;
    private static boolean shutdownHook;

    private Oga() {
    }

    static LoadedRuntime load() {
        LoadedRuntime r = runtime;
        if (r == null) {
            synchronized (Oga.class) {
                if (runtime == null) {
                    runtime = NativeLoader.load(RuntimeLibrary.GENAI);
                    if (!shutdownHook) {
                        shutdownHook = true;
                        Runtime.getRuntime().addShutdownHook(new Thread(Oga::shutdownAtExit, "aipc4j-genai-shutdown"));
                    }
                }
                r = runtime;
            }
        }
        return r;
    }

    /** Throws the result's message as a {@link GenAIException} (destroying the result) unless it is NULL. */
    static void check(MemorySegment result, String doing) {
        if (result.address() != 0) {
            String message;
            try {
                message = ort_genai_c_h.OgaResultGetError(result).getString(0);
            } finally {
                ort_genai_c_h.OgaDestroyResult(result);
            }
            throw new GenAIException(doing == null ? message : doing + ": " + message);
        }
    }

    /** Throws {@link UnsupportedOperationException} if the loaded GenAI does not export {@code symbol}. */
    static void require(String symbol, String since) {
        LoadedRuntime r = load();
        if (r.symbols().find(symbol).isEmpty()) {
            throw new UnsupportedOperationException(symbol + " needs ONNX Runtime GenAI " + since + " or newer; the loaded one ("
                    + r.pinnedVersion().orElse("version unknown") + ", " + r.location() + ") does not have it");
        }
    }

    /** Copies a string GenAI allocated for the caller, then frees it with {@code OgaDestroyString}. */
    static String take(MemorySegment pointer) {
        try {
            return pointer.getString(0);
        } finally {
            ort_genai_c_h.OgaDestroyString(pointer);
        }
    }

    static void created() {
        LIVE.incrementAndGet();
    }

    static void destroyed() {
        LIVE.decrementAndGet();
    }

    static int live() {
        return LIVE.get();
    }

    /** {@code OgaShutdown}, once nothing aipc4j created is alive. */
    static synchronized void shutdown() {
        if (runtime == null) {
            return;
        }
        int alive = LIVE.get();
        if (alive > 0) {
            throw new IllegalStateException(alive + " GenAI objects are still open: close them before shutting GenAI down");
        }
        ort_genai_c_h.OgaShutdown();
    }

    private static void shutdownAtExit() {
        // Only when every object is closed: other threads may still hold some, and destroying them under their feet
        // (or shutting down around them) is worse than letting the process end.
        if (LIVE.get() == 0) {
            try {
                shutdown();
            } catch (RuntimeException ignored) {
                // exiting anyway
            }
        }
    }
}
