package io.github.aipc4j.openvino;

/** Values of the {@code PERFORMANCE_HINT} property: what the plugin tunes streams and threads for. */
public enum PerformanceHint {
    /** Lowest time per inference (one stream on CPU). */
    LATENCY,
    /** Most inferences per second over several requests in flight. */
    THROUGHPUT,
    /** Throughput over all devices of an AUTO/MULTI configuration. */
    CUMULATIVE_THROUGHPUT
}
