package io.github.aipc4j.llm.spi;

/**
 * One engine's loaded model, as {@link io.github.aipc4j.llm.LanguageModel} sees it. An engine package
 * ({@code llm.ort}, {@code llm.openvino}, {@code llm.genai}) implements it; users normally do not.
 * Thread-safe for {@link #newDecoder()}; each decoder is used by one thread at a time.
 */
public interface Backend extends AutoCloseable {
    /** The engine's name as the CLI spells it: {@code genai}, {@code ort}, {@code openvino}. */
    String engine();

    /** The device or provider the model runs on, as the user named it ({@code cpu}, {@code cuda}, …). */
    String device();

    /** Tokens the model's context holds (prompt plus generated). */
    int contextLength();

    /** Width of the logits. */
    int vocabSize();

    /** The model's own end-of-sequence ids, the default stop tokens. */
    int[] eosTokenIds();

    /** Tokenizer and chat template this engine uses. */
    TextCodec codec();

    /** A fresh KV cache (empty) with what it needs to run; close it when the conversation ends. */
    Decoder newDecoder();

    @Override
    void close();
}
