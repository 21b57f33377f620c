package io.github.aipc4j.llm.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Character properties exactly as Hugging Face tokenizers (Rust) has them: Rust's {@code char} methods, the
 * {@code regex} crate's {@code \w}, and the tables of the {@code unicode_categories} and
 * {@code unicode-normalization-alignments} crates ({@link UnicodeTables}).
 */
final class Unicode {
    private Unicode() {
    }

    private static final int[] CCC_RANGES = codePoints(UnicodeTables.CANONICAL_COMBINING_CLASSES);
    private static final int[] MARKS = codePoints(UnicodeTables.MARKS);
    private static final int[] OLD_PUNCTUATION = codePoints(UnicodeTables.OLD_PUNCTUATION);
    private static final int[] OLD_CONTROL_FORMAT = codePoints(UnicodeTables.OLD_CONTROL_FORMAT);
    private static final int[] OLD_NONSPACING_MARKS = codePoints(UnicodeTables.OLD_NONSPACING_MARKS);
    private static final Map<Long, Integer> COMPOSITIONS = new HashMap<>();
    private static final Map<Integer, int[]> CANONICAL = decompositions(UnicodeTables.CANONICAL_DECOMPOSITIONS);
    private static final Map<Integer, int[]> COMPATIBLE = decompositions(UnicodeTables.COMPATIBILITY_DECOMPOSITIONS);
    /** Smallest code point with a decomposition (canonical or compatible), for a fast path. */
    private static final int MIN_DECOMPOSABLE;

    static {
        int[] c = codePoints(UnicodeTables.COMPOSITIONS);
        for (int i = 0; i < c.length; i += 3) {
            COMPOSITIONS.put(((long) c[i] << 32) | c[i + 1], c[i + 2]);
        }
        int min = 0xAC00;
        for (int k : CANONICAL.keySet()) {
            min = Math.min(min, k);
        }
        for (int k : COMPATIBLE.keySet()) {
            min = Math.min(min, k);
        }
        MIN_DECOMPOSABLE = min;
    }

    private static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    private static Map<Integer, int[]> decompositions(String[] parts) {
        Map<Integer, int[]> map = new HashMap<>();
        for (String part : parts) {
            int[] cps = codePoints(part);
            int i = 0;
            while (i < cps.length) {
                int cp = cps[i];
                int n = cps[i + 1];
                map.put(cp, Arrays.copyOfRange(cps, i + 2, i + 2 + n));
                i += 2 + n;
            }
        }
        return map;
    }

    /** Whether cp lies in one of the sorted (first, last) pairs. */
    private static boolean inRanges(int[] ranges, int cp) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    // -------------------------------------------------------------------------------------------------------
    // Rust's char methods and the regex crate's classes

    /** Rust {@code char::is_whitespace}: the White_Space property. */
    static boolean isWhitespace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= 0x09 && c <= 0x0D);
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Rust {@code char::is_numeric}: general categories Nd, Nl, No. */
    static boolean isNumeric(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** The regex crate's Unicode {@code \w}: Alphabetic, Mark, Decimal_Number, Connector_Punctuation, Join_Control. */
    static boolean isWordChar(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.DECIMAL_DIGIT_NUMBER || t == Character.CONNECTOR_PUNCTUATION;
    }

    /** Rust {@code char::is_ascii_punctuation}. */
    static boolean isAsciiPunctuation(int c) {
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
    }

    /** HF's BERT and Punctuation pre-tokenizers: ASCII punctuation or unicode_categories' punctuation. */
    static boolean isBertPunctuation(int c) {
        return isAsciiPunctuation(c) || (c >= 0x80 && inRanges(OLD_PUNCTUATION, c));
    }

    /** unicode_categories' {@code is_other}: Cc, Cf or Co (not Cn). */
    static boolean isOldOther(int c) {
        return inRanges(OLD_CONTROL_FORMAT, c) || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD)
                || (c >= 0x100000 && c <= 0x10FFFD);
    }

    /** unicode_categories' {@code is_mark_nonspacing} (Mn). */
    static boolean isOldNonspacingMark(int c) {
        return c >= 0x300 && inRanges(OLD_NONSPACING_MARKS, c);
    }

    /** unicode-normalization-alignments' {@code is_combining_mark} (General_Category=Mark). */
    static boolean isCombiningMark(int c) {
        return c >= 0x300 && inRanges(MARKS, c);
    }

    /** HF's BERT normalizer's CJK test. */
    static boolean isChineseChar(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    /**
     * Rust {@code char::to_lowercase}: the full, context-free lowercase mapping. Only U+0130 maps to more than one
     * character; everything else is the simple mapping.
     */
    static void appendLowercase(int c, IntList out) {
        if (c < 0x80) {
            out.add(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else if (c == 0x130) {
            out.add('i');
            out.add(0x307);
        } else {
            out.add(Character.toLowerCase(c));
        }
    }

    // -------------------------------------------------------------------------------------------------------
    // Normalization, as unicode-normalization-alignments does it (with its alignment changes)

    static int combiningClass(int c) {
        if (c < 0x300) {
            return 0;
        }
        int lo = 0;
        int hi = CCC_RANGES.length / 3 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (c < CCC_RANGES[3 * mid]) {
                hi = mid - 1;
            } else if (c > CCC_RANGES[3 * mid + 1]) {
                lo = mid + 1;
            } else {
                return CCC_RANGES[3 * mid + 2];
            }
        }
        return 0;
    }

    private static final int S_BASE = 0xAC00;
    private static final int L_BASE = 0x1100;
    private static final int V_BASE = 0x1161;
    private static final int T_BASE = 0x11A7;
    private static final int L_COUNT = 19;
    private static final int V_COUNT = 21;
    private static final int T_COUNT = 28;
    private static final int N_COUNT = V_COUNT * T_COUNT;
    private static final int S_COUNT = L_COUNT * N_COUNT;

    /** Primary composite of a and b, or -1. */
    static int compose(int a, int b) {
        if (a >= L_BASE && a < L_BASE + L_COUNT && b >= V_BASE && b < V_BASE + V_COUNT) {
            return S_BASE + (a - L_BASE) * N_COUNT + (b - V_BASE) * T_COUNT;
        }
        if (a >= S_BASE && a < S_BASE + S_COUNT && b > T_BASE && b < T_BASE + T_COUNT && (a - S_BASE) % T_COUNT == 0) {
            return a + (b - T_BASE);
        }
        Integer r = COMPOSITIONS.get(((long) a << 32) | b);
        return r == null ? -1 : r;
    }

    private static void decompose(int c, boolean compatible, IntList out) {
        if (c < 0x80) {
            out.add(c);
            return;
        }
        if (c >= S_BASE && c < S_BASE + S_COUNT) {
            int s = c - S_BASE;
            out.add(L_BASE + s / N_COUNT);
            out.add(V_BASE + (s % N_COUNT) / T_COUNT);
            int t = s % T_COUNT;
            if (t > 0) {
                out.add(T_BASE + t);
            }
            return;
        }
        int[] d = null;
        if (c >= MIN_DECOMPOSABLE) {
            if (compatible) {
                d = COMPATIBLE.get(c);
            }
            if (d == null) {
                d = CANONICAL.get(c);
            }
        }
        if (d == null) {
            out.add(c);
        } else {
            for (int x : d) {
                out.add(x);
            }
        }
    }

    /**
     * The crate's {@code Decompositions} iterator over code points: (character, change) pairs, where change is 0
     * for the first character of a decomposition and 1 for the others, reordered by combining class.
     */
    static void decompositions(int[] input, int n, boolean compatible, IntList chars, IntList changes) {
        IntList one = new IntList(4);
        int readyEnd = chars.size(); // start of the pending (unsorted) part
        for (int i = 0; i < n; i++) {
            one.clear();
            decompose(input[i], compatible, one);
            for (int k = 0; k < one.size(); k++) {
                int d = one.get(k);
                if (combiningClass(d) == 0) {
                    sortPending(chars, changes, readyEnd);
                    readyEnd = chars.size();
                }
                chars.add(d);
                changes.add(k == 0 ? 0 : 1);
            }
        }
        sortPending(chars, changes, readyEnd);
    }

    /** Stable sort by combining class of chars[from..] (insertion sort: runs are short). */
    private static void sortPending(IntList chars, IntList changes, int from) {
        int to = chars.size();
        for (int i = from + 1; i < to; i++) {
            int c = chars.get(i);
            int ch = changes.get(i);
            int cc = combiningClass(c);
            int j = i - 1;
            while (j >= from && combiningClass(chars.get(j)) > cc) {
                chars.set(j + 1, chars.get(j));
                changes.set(j + 1, changes.get(j));
                j--;
            }
            chars.set(j + 1, c);
            changes.set(j + 1, ch);
        }
    }

    /** The crate's {@code Recompositions} iterator over its decompositions. */
    static void recompositions(IntList dChars, IntList dChanges, IntList chars, IntList changes) {
        int composee = -1;
        int composeeChange = 0;
        int lastCcc = -1; // -1: None
        IntList bufChars = new IntList(4);
        IntList bufChanges = new IntList(4);
        for (int i = 0; i < dChars.size(); i++) {
            int ch = dChars.get(i);
            int change = dChanges.get(i);
            int chClass = combiningClass(ch);
            if (composee < 0) {
                if (chClass != 0) {
                    chars.add(ch);
                    changes.add(change);
                    continue;
                }
                composee = ch;
                composeeChange = change;
                continue;
            }
            if (lastCcc < 0) {
                int r = compose(composee, ch);
                if (r >= 0) {
                    composee = r;
                    composeeChange = composeeChange + change - 1;
                    continue;
                }
                if (chClass == 0) {
                    chars.add(composee);
                    changes.add(composeeChange);
                    composee = ch;
                    composeeChange = change;
                    continue;
                }
                bufChars.add(ch);
                bufChanges.add(change);
                lastCcc = chClass;
            } else {
                if (lastCcc >= chClass) {
                    if (chClass == 0) {
                        chars.add(composee);
                        changes.add(composeeChange);
                        composee = ch;
                        composeeChange = change;
                        lastCcc = -1;
                        // purge the buffer
                        for (int k = 0; k < bufChars.size(); k++) {
                            chars.add(bufChars.get(k));
                            changes.add(bufChanges.get(k));
                        }
                        bufChars.clear();
                        bufChanges.clear();
                        continue;
                    }
                    bufChars.add(ch);
                    bufChanges.add(change);
                    lastCcc = chClass;
                    continue;
                }
                int r = compose(composee, ch);
                if (r >= 0) {
                    composee = r;
                    composeeChange = composeeChange + change - 1;
                    continue;
                }
                bufChars.add(ch);
                bufChanges.add(change);
                lastCcc = chClass;
            }
        }
        // Finished: the composee, then the buffer.
        if (composee >= 0) {
            chars.add(composee);
            changes.add(composeeChange);
        }
        for (int k = 0; k < bufChars.size(); k++) {
            chars.add(bufChars.get(k));
            changes.add(bufChanges.get(k));
        }
    }

    /** Whether the crate's normalization cannot change these code points (all below any decomposition or mark). */
    static boolean trivialForNormalization(int[] cps, int n) {
        for (int i = 0; i < n; i++) {
            if (cps[i] >= 0x300 || cps[i] >= MIN_DECOMPOSABLE) {
                return false;
            }
        }
        return true;
    }
}
