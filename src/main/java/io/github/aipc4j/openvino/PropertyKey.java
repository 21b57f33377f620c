package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;

import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * Property keys the OpenVINO C API exports as {@code ov_property_key_*} variables. {@link #key()} is the string
 * stored in the runtime's variable (read once, after loading the runtime), so it is exactly what the loaded OpenVINO
 * expects. Any other key OpenVINO knows can be passed as a plain string ({@link Properties#set}).
 */
public enum PropertyKey {
    // read-write
    PERFORMANCE_HINT(openvino_h::ov_property_key_hint_performance_mode),
    NUM_STREAMS(openvino_h::ov_property_key_num_streams),
    CACHE_DIR(openvino_h::ov_property_key_cache_dir),
    CACHE_MODE(openvino_h::ov_property_key_cache_mode),
    INFERENCE_PRECISION_HINT(openvino_h::ov_property_key_hint_inference_precision),
    EXECUTION_MODE_HINT(openvino_h::ov_property_key_hint_execution_mode),
    INFERENCE_NUM_THREADS(openvino_h::ov_property_key_inference_num_threads),
    PERFORMANCE_HINT_NUM_REQUESTS(openvino_h::ov_property_key_hint_num_requests),
    ENABLE_CPU_PINNING(openvino_h::ov_property_key_hint_enable_cpu_pinning),
    ENABLE_HYPER_THREADING(openvino_h::ov_property_key_hint_enable_hyper_threading),
    SCHEDULING_CORE_TYPE(openvino_h::ov_property_key_hint_scheduling_core_type),
    MODEL_PRIORITY(openvino_h::ov_property_key_hint_model_priority),
    /** {@code PERF_COUNT}: collect per-node timings for {@link InferRequest#profilingInfo()}. */
    ENABLE_PROFILING(openvino_h::ov_property_key_enable_profiling),
    LOG_LEVEL(openvino_h::ov_property_key_log_level),
    DEVICE_PRIORITIES(openvino_h::ov_property_key_device_priorities),
    ENABLE_MMAP(openvino_h::ov_property_key_enable_mmap),
    FORCE_TBB_TERMINATE(openvino_h::ov_property_key_force_tbb_terminate),
    AUTO_BATCH_TIMEOUT(openvino_h::ov_property_key_auto_batch_timeout),
    // read-only
    SUPPORTED_PROPERTIES(openvino_h::ov_property_key_supported_properties),
    AVAILABLE_DEVICES(openvino_h::ov_property_key_available_devices),
    FULL_DEVICE_NAME(openvino_h::ov_property_key_device_full_name),
    DEVICE_CAPABILITIES(openvino_h::ov_property_key_device_capabilities),
    OPTIMAL_NUMBER_OF_INFER_REQUESTS(openvino_h::ov_property_key_optimal_number_of_infer_requests),
    RANGE_FOR_ASYNC_INFER_REQUESTS(openvino_h::ov_property_key_range_for_async_infer_requests),
    RANGE_FOR_STREAMS(openvino_h::ov_property_key_range_for_streams),
    MODEL_NAME(openvino_h::ov_property_key_model_name),
    OPTIMAL_BATCH_SIZE(openvino_h::ov_property_key_optimal_batch_size),
    MAX_BATCH_SIZE(openvino_h::ov_property_key_max_batch_size);

    private final Supplier<MemorySegment> variable;
    private volatile String key;

    PropertyKey(Supplier<MemorySegment> variable) {
        this.variable = variable;
    }

    /** The key string, e.g. {@code PERFORMANCE_HINT}; loads the runtime on first use. */
    public String key() {
        String k = key;
        if (k == null) {
            Ov.load();
            k = Ov.string(variable.get()); // the variable holds a const char*: read the pointer, then the string
            key = k;
        }
        return k;
    }
}
