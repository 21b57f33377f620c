package io.github.aipc4j.llm.tokenizer;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The result of {@link Tokenizer#encode}: token ids, token strings, and for every token the range of the input
 * text it came from, as {@code String} indices ({@code text.substring(start(i), end(i))}). Tokens that the
 * post-processor added (such as BERT's {@code [CLS]}) have the empty range (0, 0) and {@link #isSpecial} true.
 * Immutable.
 */
public final class Encoding {
    private final int[] ids;
    private final String[] tokens;
    private final int[] starts;
    private final int[] ends;
    private final boolean[] special;
    private final boolean[] fromInput;

    Encoding(int[] ids, String[] tokens, int[] starts, int[] ends, boolean[] special, boolean[] fromInput) {
        this.ids = ids;
        this.tokens = tokens;
        this.starts = starts;
        this.ends = ends;
        this.special = special;
        this.fromInput = fromInput;
    }

    /** Number of tokens. */
    public int size() {
        return ids.length;
    }

    /** A copy of the token ids. */
    public int[] ids() {
        return ids.clone();
    }

    public int id(int index) {
        return ids[index];
    }

    /** The token strings, as the vocabulary spells them (e.g. {@code "▁Hello"}, {@code "Ġworld"}, {@code "##ing"}). */
    public List<String> tokens() {
        return Collections.unmodifiableList(Arrays.asList(tokens));
    }

    public String token(int index) {
        return tokens[index];
    }

    /** Start (inclusive) of the token's range in the input text, in {@code char}s. */
    public int start(int index) {
        return starts[index];
    }

    /** End (exclusive) of the token's range in the input text, in {@code char}s. */
    public int end(int index) {
        return ends[index];
    }

    /** Copies of all starts. */
    public int[] starts() {
        return starts.clone();
    }

    /** Copies of all ends. */
    public int[] ends() {
        return ends.clone();
    }

    /** Whether the post-processor added this token (HF's special_tokens_mask). */
    public boolean isSpecial(int index) {
        return special[index];
    }

    /**
     * Whether the token comes from the input text (false for the tokens a template added), i.e. whether its
     * offsets mean something.
     */
    public boolean hasOffsets(int index) {
        return fromInput[index];
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(ids);
    }
}
