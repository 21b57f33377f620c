package io.github.aipc4j.openvino;

import java.time.Duration;

/**
 * Timing of one node of the last inference ({@code ov_profiling_info_t}); collected only when the model was
 * compiled with {@link Properties#enableProfiling(boolean) PERF_COUNT=YES}.
 *
 * @param nodeName the node's name in the model
 * @param nodeType the operation type, e.g. {@code MatMul}
 * @param execType the plugin's implementation, e.g. {@code brgemm_avx512_FP32}
 * @param status   whether the node ran
 * @param realTime wall time the node ran
 * @param cpuTime  CPU time the node ran
 */
public record ProfilingInfo(String nodeName, String nodeType, String execType, Status status, Duration realTime,
                            Duration cpuTime) {
    /** {@code ov_profiling_info_t.status}. */
    public enum Status {
        NOT_RUN,
        OPTIMIZED_OUT,
        EXECUTED
    }
}
