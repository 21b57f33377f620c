package io.github.aipc4j.openvino;

/**
 * Values of the {@code EXECUTION_MODE_HINT} property. {@link #ACCURACY} keeps the model's precision (f32 on CPU,
 * including the KV cache of stateful LLMs); {@link #PERFORMANCE} lets the plugin lower it (bf16 on AMX CPUs, u8 KV
 * cache, dynamic quantization).
 */
public enum ExecutionMode {
    PERFORMANCE,
    ACCURACY
}
