package io.github.aipc4j.llm.tokenizer;

import java.util.Arrays;

/**
 * Decodes generated tokens one at a time (Hugging Face's {@code DecodeStream}): {@link #next} returns the text the
 * new token adds, and returns nothing while the text would end in an incomplete character (byte-fallback and
 * byte-level tokens split characters), so the concatenation of what it returns is the decoded text of all ids so
 * far, never a broken character. It keeps only the few ids that the decoder still needs (for example, the
 * leading-space rules of Llama's decoder). Not thread-safe: one per generation.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] ids = new int[16];
    private int size;
    private String prefix = "";
    private int prefixIndex;

    StreamingDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /**
     * The text this id adds, or the empty string while the decoded text ends in an incomplete character.
     *
     * @throws IllegalStateException when the decoder rewrites text it already returned (HF's InvalidPrefix)
     */
    public String next(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String string = tokenizer.decode(Arrays.copyOf(ids, size), skipSpecialTokens);
        if (string.length() > prefix.length() && !string.endsWith("\uFFFD")) {
            if (!string.startsWith(prefix)) {
                throw new IllegalStateException("the decoder changed text it had already produced: \"" + prefix
                        + "\" became \"" + string + "\"");
            }
            String added = string.substring(prefix.length());
            int newPrefixIndex = size - prefixIndex;
            System.arraycopy(ids, prefixIndex, ids, 0, size - prefixIndex);
            size -= prefixIndex;
            prefix = tokenizer.decode(Arrays.copyOf(ids, size), skipSpecialTokens);
            prefixIndex = newPrefixIndex;
            return added;
        }
        return "";
    }
}
