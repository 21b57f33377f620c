package io.github.aipc4j.testing.peers;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Microsoft's JNI binding ({@code com.microsoft.onnxruntime:onnxruntime}, test scope) as an oracle and benchmark
 * peer, made to run on the very {@code libonnxruntime} aipc4j loaded rather than on the copy in its jar.
 * Its {@code ai.onnxruntime.OnnxRuntime} loader (1.28.0) honours {@code onnxruntime.native.onnxruntime.path=<file>}
 * ({@code System.load} of that file) before it loads {@code libonnxruntime4j_jni.so}, whose
 * {@code DT_NEEDED libonnxruntime.so.1} is then satisfied by the already-loaded library with that SONAME.
 */
public final class OnnxRuntimeJni {
    public static final String PATH_PROPERTY = "onnxruntime.native.onnxruntime.path";

    private OnnxRuntimeJni() {
    }

    /**
     * Loads aipc4j's ONNX Runtime and points the JNI binding at the same file. Call before any
     * {@code ai.onnxruntime} class is touched (their static initialisers load the natives); idempotent.
     *
     * @return the library file both bindings use
     */
    public static synchronized Path useAipc4jRuntime() {
        LoadedRuntime ort = NativeLoader.load(RuntimeLibrary.ONNXRUNTIME);
        Path file = ort.path().orElseThrow(() -> new IllegalStateException(
                "aipc4j found ONNX Runtime by name (" + ort.source() + "), not as a file; the JNI binding needs a file"))
                .toAbsolutePath();
        String set = System.getProperty(PATH_PROPERTY);
        if (set != null && !Path.of(set).toAbsolutePath().equals(file)) {
            throw new IllegalStateException(PATH_PROPERTY + " is already " + set + ", not aipc4j's " + file);
        }
        System.setProperty(PATH_PROPERTY, file.toString());
        return file;
    }

    /**
     * The ONNX Runtime libraries ({@code libonnxruntime.so*}) mapped into this process, from {@code /proc/self/maps}:
     * one when every binding shares aipc4j's runtime (another test may map a copy for a while, so callers that must
     * be robust check where each one comes from, as {@link #jniStagedRuntimes()} does).
     */
    public static List<Path> mappedRuntimes() {
        return mapped("libonnxruntime.so");
    }

    /**
     * Libraries the JNI binding staged itself (its temp folder {@code onnxruntime-java*}): only its glue
     * {@code libonnxruntime4j_jni.so} when it runs on aipc4j's runtime, never a {@code libonnxruntime.so}.
     */
    public static List<Path> jniStagedRuntimes() {
        return mappedRuntimes().stream()
                .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().startsWith("onnxruntime-java"))
                .toList();
    }

    /** Mapped files whose name starts with {@code prefix}, e.g. {@code libonnxruntime4j_jni}. */
    public static List<Path> mapped(String prefix) {
        try {
            Set<Path> found = new LinkedHashSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    Path file = Path.of(line.substring(slash).trim());
                    if (file.getFileName().toString().startsWith(prefix)) {
                        found.add(file);
                    }
                }
            }
            return List.copyOf(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
