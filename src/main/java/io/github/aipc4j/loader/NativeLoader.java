package io.github.aipc4j.loader;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads each runtime once per process and keeps the order the runtimes require.
 *
 * <p>ONNX Runtime GenAI opens ONNX Runtime from a static initializer when it is loaded, and aborts the
 * process if it cannot. So {@link RuntimeLibrary#GENAI} is only ever opened after ONNX Runtime is
 * loaded and {@code ORT_LIB_PATH} names that same file in the process environment; if ONNX Runtime is
 * missing, the {@link RuntimeNotFoundException} for it is thrown and GenAI is never touched.
 * Thread-safe.
 */
public final class NativeLoader {
    /** The process environment variable GenAI reads to find ONNX Runtime. */
    public static final String ORT_LIB_PATH = "ORT_LIB_PATH";

    private static final Map<RuntimeLibrary, LoadedRuntime> LOADED = new EnumMap<>(RuntimeLibrary.class);

    private NativeLoader() {
    }

    /** The runtime, loaded on first use from the places {@link LibraryLocator#system()} describes. */
    public static LoadedRuntime load(RuntimeLibrary runtime) {
        return load(runtime, LibraryLocator.system());
    }

    /** As {@link #load(RuntimeLibrary)}, searching with the given locator if it is not loaded yet. */
    public static synchronized LoadedRuntime load(RuntimeLibrary runtime, LibraryLocator locator) {
        LoadedRuntime loaded = LOADED.get(runtime);
        if (loaded != null) {
            return loaded;
        }
        if (runtime == RuntimeLibrary.GENAI) {
            LoadedRuntime ort = load(RuntimeLibrary.ONNXRUNTIME, locator);
            // Without a path the OS search found ORT by name; GenAI then finds the loaded image by its SONAME.
            ort.path().ifPresent(path -> Libc.setenv(ORT_LIB_PATH, path.toString()));
        }
        loaded = locator.open(runtime);
        LOADED.put(runtime, loaded);
        return loaded;
    }

    /** The runtime if this process has loaded it already; never loads. */
    public static synchronized Optional<LoadedRuntime> loaded(RuntimeLibrary runtime) {
        return Optional.ofNullable(LOADED.get(runtime));
    }

    /** The process environment's value as native code sees it (the JVM's {@code System.getenv} is a start-up copy). */
    public static String nativeEnvironment(String name) {
        return Libc.getenv(name);
    }
}
