package io.github.aipc4j.llm.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Hugging Face's {@code NormalizedString}: a piece of the input, its normalized form, and for every normalized
 * UTF-16 unit the range of the input it came from. HF keeps these per UTF-8 byte; every transformation here is
 * the same, done per UTF-16 unit, so the ranges agree (they always cover whole characters). Offsets are absolute
 * indices into the input string. One instance belongs to one encode call.
 */
final class NormalizedString {
    /** Normalized text: s[0..len). */
    char[] s;
    int len;
    /** Input range (start, end) of each normalized unit. */
    int[] alignStart;
    int[] alignEnd;
    /** The input range this piece covers (HF's offsets_original()). */
    final int origStart;
    final int origEnd;

    private NormalizedString(char[] s, int len, int[] alignStart, int[] alignEnd, int origStart, int origEnd) {
        this.s = s;
        this.len = len;
        this.alignStart = alignStart;
        this.alignEnd = alignEnd;
        this.origStart = origStart;
        this.origEnd = origEnd;
    }

    /** The whole input, unchanged (a piece of it: [from, to)). */
    static NormalizedString of(String input, int from, int to) {
        int n = to - from;
        char[] s = new char[n];
        input.getChars(from, to, s, 0);
        int[] as = new int[n];
        int[] ae = new int[n];
        for (int i = 0; i < n; ) {
            char c = s[i];
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s[i + 1])) {
                as[i] = as[i + 1] = from + i;
                ae[i] = ae[i + 1] = from + i + 2;
                i += 2;
            } else {
                as[i] = from + i;
                ae[i] = from + i + 1;
                i++;
            }
        }
        return new NormalizedString(s, n, as, ae, from, to);
    }

    String get() {
        return new String(s, 0, len);
    }

    boolean isEmpty() {
        return len == 0;
    }

    int codePointAt(int i) {
        char c = s[i];
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s[i + 1])) {
            return Character.toCodePoint(c, s[i + 1]);
        }
        return c;
    }

    int codePointBefore(int i) {
        char c = s[i - 1];
        if (Character.isLowSurrogate(c) && i - 2 >= 0 && Character.isHighSurrogate(s[i - 2])) {
            return Character.toCodePoint(s[i - 2], c);
        }
        return c;
    }

    /** Code points of the normalized text. */
    int[] codePoints(int[] reuse) {
        int[] out = reuse != null && reuse.length >= len ? reuse : new int[len];
        int n = 0;
        for (int i = 0; i < len; ) {
            int cp = codePointAt(i);
            out[n++] = cp;
            i += Character.charCount(cp);
        }
        codePointCount = n;
        return out;
    }

    /** Set by {@link #codePoints}. */
    int codePointCount;

    /** A slice by normalized range [start, end); null when the range is empty. */
    NormalizedString slice(int start, int end) {
        int n = end - start;
        if (n <= 0) {
            return null;
        }
        char[] ns = Arrays.copyOfRange(s, start, end);
        int[] as = Arrays.copyOfRange(alignStart, start, end);
        int[] ae = Arrays.copyOfRange(alignEnd, start, end);
        return new NormalizedString(ns, n, as, ae, as[0], ae[n - 1]);
    }

    // -----------------------------------------------------------------------------------------------------------
    // Transformations (HF's transform_range and friends)

    /**
     * HF's {@code transform_range} on the normalized range [nStart, nEnd): dest gives each new code point with its
     * change (1 inserted, 0 replacing, -n replacing and removing the n next), initialOffset the number of code
     * points removed at the start of the range.
     */
    void transformRange(int nStart, int nEnd, IntList destChars, IntList destChanges, int initialOffset) {
        int pos = nStart; // next replaced unit
        for (int k = 0; k < initialOffset && pos < nEnd; k++) {
            pos += Character.charCount(codePointAt(pos));
        }
        int offset = pos;
        int count = destChars.size();
        char[] out = new char[count * 2];
        int[] oas = new int[count * 2];
        int[] oae = new int[count * 2];
        int o = 0;
        for (int k = 0; k < count; k++) {
            int c = destChars.get(k);
            int change = destChanges.get(k);
            int aS;
            int aE;
            if (change > 0) {
                if (offset < 1) {
                    aS = origStart;
                    aE = origStart;
                } else {
                    aS = alignStart[offset - 1];
                    aE = alignEnd[offset - 1];
                }
            } else {
                aS = alignStart[offset];
                aE = alignEnd[offset];
            }
            int replaced = 0;
            if (change <= 0 && pos < nEnd) {
                replaced = Character.charCount(codePointAt(pos));
                pos += replaced;
            }
            int removed = 0;
            if (change < 0) {
                for (int r = 0; r < -change && pos < nEnd; r++) {
                    int w = Character.charCount(codePointAt(pos));
                    removed += w;
                    pos += w;
                }
            }
            offset += replaced + removed;
            if (c >= 0x10000) {
                out[o] = Character.highSurrogate(c);
                out[o + 1] = Character.lowSurrogate(c);
                oas[o] = oas[o + 1] = aS;
                oae[o] = oae[o + 1] = aE;
                o += 2;
            } else {
                out[o] = (char) c;
                oas[o] = aS;
                oae[o] = aE;
                o++;
            }
        }
        splice(nStart, nEnd, out, oas, oae, o);
    }

    void transform(IntList destChars, IntList destChanges, int initialOffset) {
        transformRange(0, len, destChars, destChanges, initialOffset);
    }

    private void splice(int nStart, int nEnd, char[] out, int[] oas, int[] oae, int o) {
        int newLen = len - (nEnd - nStart) + o;
        char[] ns = new char[Math.max(newLen, 1)];
        int[] as = new int[ns.length];
        int[] ae = new int[ns.length];
        System.arraycopy(s, 0, ns, 0, nStart);
        System.arraycopy(alignStart, 0, as, 0, nStart);
        System.arraycopy(alignEnd, 0, ae, 0, nStart);
        System.arraycopy(out, 0, ns, nStart, o);
        System.arraycopy(oas, 0, as, nStart, o);
        System.arraycopy(oae, 0, ae, nStart, o);
        int tail = len - nEnd;
        System.arraycopy(s, nEnd, ns, nStart + o, tail);
        System.arraycopy(alignStart, nEnd, as, nStart + o, tail);
        System.arraycopy(alignEnd, nEnd, ae, nStart + o, tail);
        s = ns;
        alignStart = as;
        alignEnd = ae;
        len = newLen;
    }

    /** HF's prepend: the new characters share the first character's alignment. */
    void prepend(String p) {
        if (len == 0 || p.isEmpty()) {
            return;
        }
        int first = codePointAt(0);
        IntList chars = new IntList(p.length() + 1);
        IntList changes = new IntList(p.length() + 1);
        int i = 0;
        for (int k = 0; k < p.length(); ) {
            int c = p.codePointAt(k);
            chars.add(c);
            changes.add(i == 0 ? 0 : 1);
            k += Character.charCount(c);
            i++;
        }
        chars.add(first);
        changes.add(1);
        transformRange(0, Character.charCount(first), chars, changes, 0);
    }

    /** HF's replace: every match (with {@code is_match}) becomes the content. */
    void replace(Splitter pattern, String content) {
        IntList m = pattern.findMatches(s, len);
        int contentUnits = content.length();
        // Upper bound of the new length
        int count = m.size() / 3;
        int bound = len + count * contentUnits;
        char[] ns = new char[Math.max(bound, 1)];
        int[] as = new int[ns.length];
        int[] ae = new int[ns.length];
        int o = 0;
        int lastEnd = 0;
        for (int k = 0; k < count; k++) {
            int start = m.get(3 * k);
            int end = m.get(3 * k + 1);
            if (m.get(3 * k + 2) == 0) {
                continue;
            }
            int before = start - lastEnd;
            System.arraycopy(s, lastEnd, ns, o, before);
            System.arraycopy(alignStart, lastEnd, as, o, before);
            System.arraycopy(alignEnd, lastEnd, ae, o, before);
            o += before;
            int idx = end; // offset after consuming the removed chars
            int aS;
            int aE;
            if (idx < 1) {
                aS = origStart;
                aE = origStart;
            } else {
                aS = alignStart[idx - 1];
                aE = alignEnd[idx - 1];
            }
            for (int c = 0; c < contentUnits; c++) {
                ns[o] = content.charAt(c);
                as[o] = aS;
                ae[o] = aE;
                o++;
            }
            lastEnd = end;
        }
        int tail = len - lastEnd;
        System.arraycopy(s, lastEnd, ns, o, tail);
        System.arraycopy(alignStart, lastEnd, as, o, tail);
        System.arraycopy(alignEnd, lastEnd, ae, o, tail);
        o += tail;
        s = ns;
        alignStart = as;
        alignEnd = ae;
        len = o;
    }

    /** HF's filter: keep the characters the predicate accepts. */
    void filter(IntPredicate keep) {
        IntList chars = new IntList(len);
        IntList changes = new IntList(len);
        int removed = 0;
        int removedStart = 0;
        int last = -1;
        for (int i = 0; i < len; ) {
            int c = codePointAt(i);
            i += Character.charCount(c);
            if (keep.test(c)) {
                if (last >= 0) {
                    chars.add(last);
                    changes.add(-removed);
                } else {
                    removedStart = removed;
                }
                last = c;
                removed = 0;
            } else {
                removed++;
            }
        }
        if (last >= 0) {
            chars.add(last);
            changes.add(-removed);
        }
        transform(chars, changes, removedStart);
    }

    /** HF's map: every character replaced one for one. */
    void map(java.util.function.IntUnaryOperator f) {
        IntList chars = new IntList(len);
        IntList changes = new IntList(len);
        for (int i = 0; i < len; ) {
            int c = codePointAt(i);
            i += Character.charCount(c);
            chars.add(f.applyAsInt(c));
            changes.add(0);
        }
        transform(chars, changes, 0);
    }

    void lowercase() {
        boolean changed = false;
        for (int i = 0; i < len; i++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z' || c >= 0x80) {
                changed = true;
                break;
            }
        }
        if (!changed) {
            return;
        }
        IntList chars = new IntList(len);
        IntList changes = new IntList(len);
        IntList one = new IntList(2);
        for (int i = 0; i < len; ) {
            int c = codePointAt(i);
            i += Character.charCount(c);
            one.clear();
            Unicode.appendLowercase(c, one);
            for (int k = 0; k < one.size(); k++) {
                chars.add(one.get(k));
                changes.add(k > 0 ? 1 : 0);
            }
        }
        transform(chars, changes, 0);
    }

    /** NFD, NFKD, NFC or NFKC as unicode-normalization-alignments computes them (and their changes). */
    void unicodeNormalize(boolean compatible, boolean compose) {
        int[] cps = codePoints(null);
        int n = codePointCount;
        if (Unicode.trivialForNormalization(cps, n)) {
            return;
        }
        IntList dChars = new IntList(n + 8);
        IntList dChanges = new IntList(n + 8);
        Unicode.decompositions(cps, n, compatible, dChars, dChanges);
        if (compose) {
            IntList chars = new IntList(n + 8);
            IntList changes = new IntList(n + 8);
            Unicode.recompositions(dChars, dChanges, chars, changes);
            transform(chars, changes, 0);
        } else {
            transform(dChars, dChanges, 0);
        }
    }

    /** HF's lrstrip (including its use of the UTF-8 length where a character count was meant). */
    void strip(boolean left, boolean right) {
        int[] cps = codePoints(null);
        int n = codePointCount;
        int leading = 0;
        if (left) {
            while (leading < n && Unicode.isWhitespace(cps[leading])) {
                leading++;
            }
        }
        int trailing = 0;
        if (right) {
            while (trailing < n && Unicode.isWhitespace(cps[n - 1 - trailing])) {
                trailing++;
            }
        }
        if (leading == 0 && trailing == 0) {
            return;
        }
        int utf8Len = 0;
        for (int i = 0; i < n; i++) {
            int c = cps[i];
            utf8Len += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
        IntList chars = new IntList(n);
        IntList changes = new IntList(n);
        for (int i = 0; i < n; i++) {
            if (i < leading || i >= n - trailing) {
                continue;
            }
            chars.add(cps[i]);
            changes.add(i == utf8Len - trailing - 1 ? -trailing : 0);
        }
        transform(chars, changes, leading);
    }

    // -----------------------------------------------------------------------------------------------------------
    // Splitting

    enum Behavior {
        REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

        static Behavior parse(Node n) {
            return switch (n.string()) {
                case "Removed" -> REMOVED;
                case "Isolated" -> ISOLATED;
                case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
                case "MergedWithNext" -> MERGED_WITH_NEXT;
                case "Contiguous" -> CONTIGUOUS;
                default -> throw n.error("unknown split behavior '" + n.string() + "'");
            };
        }
    }

    /** HF's split: the matches of the pattern, handled as the behavior says; empty pieces dropped. */
    void split(Splitter pattern, Behavior behavior, boolean invert, List<NormalizedString> out) {
        IntList m = pattern.findMatches(s, len);
        int count = m.size() / 3;
        // (start, end, remove) triples
        IntList splits = new IntList(m.size());
        switch (behavior) {
            case ISOLATED -> {
                for (int k = 0; k < count; k++) {
                    splits.add(m.get(3 * k));
                    splits.add(m.get(3 * k + 1));
                    splits.add(0);
                }
            }
            case REMOVED -> {
                for (int k = 0; k < count; k++) {
                    boolean isMatch = (m.get(3 * k + 2) != 0) != invert;
                    splits.add(m.get(3 * k));
                    splits.add(m.get(3 * k + 1));
                    splits.add(isMatch ? 1 : 0);
                }
            }
            case CONTIGUOUS -> {
                boolean previous = false;
                for (int k = 0; k < count; k++) {
                    boolean isMatch = (m.get(3 * k + 2) != 0) != invert;
                    if (isMatch == previous && splits.size() > 0) {
                        splits.set(splits.size() - 2, m.get(3 * k + 1));
                    } else {
                        splits.add(m.get(3 * k));
                        splits.add(m.get(3 * k + 1));
                        splits.add(0);
                    }
                    previous = isMatch;
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                boolean previous = false;
                for (int k = 0; k < count; k++) {
                    boolean isMatch = (m.get(3 * k + 2) != 0) != invert;
                    if (isMatch && !previous && splits.size() > 0) {
                        splits.set(splits.size() - 2, m.get(3 * k + 1));
                    } else {
                        splits.add(m.get(3 * k));
                        splits.add(m.get(3 * k + 1));
                        splits.add(0);
                    }
                    previous = isMatch;
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previous = false;
                IntList rev = new IntList(m.size());
                for (int k = count - 1; k >= 0; k--) {
                    boolean isMatch = (m.get(3 * k + 2) != 0) != invert;
                    if (isMatch && !previous && rev.size() > 0) {
                        rev.set(rev.size() - 3, m.get(3 * k));
                    } else {
                        rev.add(m.get(3 * k));
                        rev.add(m.get(3 * k + 1));
                        rev.add(0);
                    }
                    previous = isMatch;
                }
                for (int k = rev.size() / 3 - 1; k >= 0; k--) {
                    splits.add(rev.get(3 * k));
                    splits.add(rev.get(3 * k + 1));
                    splits.add(0);
                }
            }
            default -> throw new AssertionError(behavior);
        }
        for (int k = 0; k < splits.size() / 3; k++) {
            if (splits.get(3 * k + 2) != 0) {
                continue;
            }
            NormalizedString piece = slice(splits.get(3 * k), splits.get(3 * k + 1));
            if (piece != null) {
                out.add(piece);
            }
        }
    }
}
