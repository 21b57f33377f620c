package io.github.aipc4j.llm.tokenizer;

import java.util.Map;

/** HF's {@code Model}: turns one pre-tokenized piece into tokens. Immutable and thread-safe. */
interface Model {
    /** Tokens of a non-empty piece, offsets in its normalized text. */
    Tokens tokenize(NormalizedString piece);

    /** The id, or -1. */
    int tokenToId(String token);

    /** The token, or null. */
    String idToToken(int id);

    /** The model's vocabulary (read only). */
    Map<String, Integer> vocabulary();
}
