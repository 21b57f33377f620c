package io.github.aipc4j.llm;

/**
 * Receives a generation as it happens, on the generating thread. Both methods default to doing nothing, so a
 * listener implements only what it needs; one that only counts tokens makes no strings at all.
 */
public interface GenerationListener {
    /** A new token id (every generated id, including a stop token). */
    default void onToken(int tokenId) {
    }

    /** Text that is now final: whole characters only, never part of a stop string. */
    default void onText(String piece) {
    }
}
