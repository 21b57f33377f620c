package io.github.aipc4j.llm.tokenizer;

/**
 * Tokens a model (or the added vocabulary) made of one piece: ids, offsets in the piece's normalized text, and the
 * token strings where they are not simply the vocabulary's string for the id (null otherwise).
 */
final class Tokens {
    final int[] ids;
    final int[] starts;
    final int[] ends;
    final String[] values;

    Tokens(int[] ids, int[] starts, int[] ends, String[] values) {
        this.ids = ids;
        this.starts = starts;
        this.ends = ends;
        this.values = values;
    }

    static Tokens single(int id, int start, int end, String value) {
        return new Tokens(new int[]{id}, new int[]{start}, new int[]{end}, new String[]{value});
    }

    int size() {
        return ids.length;
    }
}
