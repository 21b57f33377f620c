package io.github.aipc4j.llm;

/** Why a generation ended. */
public enum FinishReason {
    /** The model produced one of the stop token ids. */
    STOP_TOKEN,
    /** The text produced one of the stop strings. */
    STOP_STRING,
    /** {@link GenerationConfig#maxNewTokens()} tokens were generated. */
    MAX_TOKENS,
    /** The model's context is full. */
    CONTEXT_FULL,
    /** {@link Generation#cancel()} was called. */
    CANCELLED
}
