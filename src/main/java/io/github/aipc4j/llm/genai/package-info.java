/**
 * The GenAI engine of {@code io.github.aipc4j.llm}: ONNX Runtime GenAI's own token loop, tokenizer and chat template
 * behind the engine SPI ({@link io.github.aipc4j.llm.spi.Backend}, {@link io.github.aipc4j.llm.spi.Decoder},
 * {@link io.github.aipc4j.llm.spi.TextCodec}), built on the {@code io.github.aipc4j.genai} bindings. Open a folder
 * with {@link io.github.aipc4j.llm.genai.GenAiBackend#open(java.nio.file.Path, String)}.
 */
package io.github.aipc4j.llm.genai;
