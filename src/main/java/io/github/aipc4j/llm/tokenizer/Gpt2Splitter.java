package io.github.aipc4j.llm.tokenizer;

/**
 * GPT-2's pre-tokenization pattern, {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+},
 * matched by hand (the same pieces as the regular expression, which a test checks, several times faster). Some
 * alternative always matches at the current position, so the matches tile the text.
 */
final class Gpt2Splitter implements Splitter {
    static final Gpt2Splitter INSTANCE = new Gpt2Splitter();

    private static final int LETTER = 1;
    private static final int NUMBER = 2;
    private static final int SPACE = 3;
    private static final int OTHER = 4;

    private Gpt2Splitter() {
    }

    private static int kind(int cp) {
        if (cp < 0x80) {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
                return LETTER;
            }
            if (cp >= '0' && cp <= '9') {
                return NUMBER;
            }
            if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) {
                return SPACE;
            }
            return OTHER;
        }
        if (Unicode.isWhitespace(cp)) {
            return SPACE;
        }
        if (Character.isLetter(cp)) {
            return LETTER;
        }
        if (Unicode.isNumeric(cp)) {
            return NUMBER;
        }
        return OTHER;
    }

    private static int codePointAt(char[] s, int i, int len) {
        char c = s[i];
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s[i + 1])) {
            return Character.toCodePoint(c, s[i + 1]);
        }
        return c;
    }

    /** End of the run of characters of this kind starting at i. */
    private static int run(char[] s, int i, int len, int kind) {
        while (i < len) {
            int cp = codePointAt(s, i, len);
            if (kind(cp) != kind) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static boolean at(char[] s, int i, int len, String word) {
        if (i + word.length() > len) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (s[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** End of the match starting at i. */
    static int matchAt(char[] s, int i, int len) {
        char c = s[i];
        if (c == '\'' && i + 1 < len) {
            char n = s[i + 1];
            if (n == 's' || n == 't' || n == 'm' || n == 'd') {
                return i + 2;
            }
            if (at(s, i + 1, len, "re") || at(s, i + 1, len, "ve") || at(s, i + 1, len, "ll")) {
                return i + 3;
            }
        }
        int cp = codePointAt(s, i, len);
        int kind = kind(cp);
        if (c == ' ' && i + 1 < len) {
            int next = kind(codePointAt(s, i + 1, len));
            if (next != SPACE) {
                return run(s, i + 1, len, next);
            }
        }
        if (kind != SPACE) {
            return run(s, i, len, kind);
        }
        int end = run(s, i, len, SPACE);
        if (end == len) {
            return end;
        }
        // \s+(?!\S): give back the last whitespace character, when there is more than one
        int last = end - 1;
        if (last > i && Character.isLowSurrogate(s[last]) && Character.isHighSurrogate(s[last - 1])) {
            last--;
        }
        return last > i ? last : end;
    }

    @Override
    public IntList findMatches(char[] s, int len) {
        IntList out = new IntList(Math.max(4, len / 2));
        if (len == 0) {
            out.add(0);
            out.add(0);
            out.add(0);
            return out;
        }
        int i = 0;
        while (i < len) {
            int end = matchAt(s, i, len);
            out.add(i);
            out.add(end);
            out.add(1);
            i = end;
        }
        return out;
    }
}
