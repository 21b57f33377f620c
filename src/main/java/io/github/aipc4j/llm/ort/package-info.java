/**
 * The {@code ort} engine: a Java token loop over a plain ONNX Runtime session, with the KV cache owned by Java.
 * {@link io.github.aipc4j.llm.ort.OrtBackend} loads a model folder described by {@code genai_config.json};
 * {@link io.github.aipc4j.llm.ort.OrtDecoder} holds one sequence's cache, allocated once for the whole context, and
 * runs decode steps that allocate nothing on the Java heap.
 */
package io.github.aipc4j.llm.ort;
