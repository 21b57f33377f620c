package io.github.aipc4j.openvino;

import io.github.aipc4j.core.ElementType;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Properties for compiling a model or configuring a device: typed setters for the common keys, plus free-form
 * string pairs for any other key the plugin knows. The C API takes every value as a string (the plugin parses it),
 * so this is an ordered map of strings; setting a key again replaces its value. Not thread-safe.
 *
 * <pre>{@code
 * Properties p = Properties.create()
 *         .performanceHint(PerformanceHint.LATENCY)
 *         .numStreams(1)
 *         .cacheDir(Path.of("ov-cache"))
 *         .set("KV_CACHE_PRECISION", "f32");
 * }</pre>
 */
public final class Properties {
    private final Map<String, String> entries = new LinkedHashMap<>();

    private Properties() {
    }

    /** An empty set. */
    public static Properties create() {
        return new Properties();
    }

    /** Sets any property by its key string, e.g. {@code set("KV_CACHE_PRECISION", "f32")}. */
    public Properties set(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty property key");
        }
        entries.put(key, value);
        return this;
    }

    /** Sets a property by its exported key. */
    public Properties set(PropertyKey key, String value) {
        return set(key.key(), value);
    }

    /** {@code PERFORMANCE_HINT}. */
    public Properties performanceHint(PerformanceHint hint) {
        return set(PropertyKey.PERFORMANCE_HINT, hint.name());
    }

    /** {@code NUM_STREAMS}: the number of parallel inference streams (≥ 1). */
    public Properties numStreams(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("NUM_STREAMS must be at least 1, got " + streams);
        }
        return set(PropertyKey.NUM_STREAMS, Integer.toString(streams));
    }

    /** {@code NUM_STREAMS=AUTO}: the plugin picks the number of streams. */
    public Properties numStreamsAuto() {
        return set(PropertyKey.NUM_STREAMS, "AUTO");
    }

    /** {@code CACHE_DIR}: where compiled blobs are cached and found again by later compilations. */
    public Properties cacheDir(Path dir) {
        return set(PropertyKey.CACHE_DIR, dir.toAbsolutePath().toString());
    }

    /** {@code INFERENCE_PRECISION_HINT}: {@code FLOAT32}, {@code FLOAT16} or {@code BFLOAT16}. */
    public Properties inferencePrecision(ElementType type) {
        if (type != ElementType.FLOAT32 && type != ElementType.FLOAT16 && type != ElementType.BFLOAT16) {
            throw new IllegalArgumentException("INFERENCE_PRECISION_HINT takes FLOAT32, FLOAT16 or BFLOAT16, not " + type);
        }
        return set(PropertyKey.INFERENCE_PRECISION_HINT, OvElementTypes.name(type));
    }

    /** {@code EXECUTION_MODE_HINT}. */
    public Properties executionMode(ExecutionMode mode) {
        return set(PropertyKey.EXECUTION_MODE_HINT, mode.name());
    }

    /** {@code INFERENCE_NUM_THREADS}: CPU threads for inference (≥ 1). */
    public Properties inferenceNumThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("INFERENCE_NUM_THREADS must be at least 1, got " + threads);
        }
        return set(PropertyKey.INFERENCE_NUM_THREADS, Integer.toString(threads));
    }

    /** {@code PERF_COUNT}: collect per-node timings, read with {@link InferRequest#profilingInfo()}. */
    public Properties enableProfiling(boolean enable) {
        return set(PropertyKey.ENABLE_PROFILING, enable ? "YES" : "NO");
    }

    /** Adds every entry of {@code other} (its values win). */
    public Properties putAll(Properties other) {
        entries.putAll(other.entries);
        return this;
    }

    /** The entries, in insertion order (read-only view). */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(entries);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
