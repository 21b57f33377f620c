package io.github.aipc4j.llm.tokenizer;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** HF's {@code Pattern}: cuts a text into (start, end, isMatch) pieces that cover it, in order. */
interface Splitter {
    /** Triples (start, end, isMatch 0/1) over s[0..len), covering it; one (0, 0, 0) for an empty text. */
    IntList findMatches(char[] s, int len);

    /** A {@code Fn(char) -> bool} pattern: every accepted character is a match of its own. */
    static Splitter chars(IntPredicate p) {
        return (s, len) -> {
            IntList out = new IntList(8);
            if (len == 0) {
                out.add(0);
                out.add(0);
                out.add(0);
                return out;
            }
            int lastOffset = 0;
            int i = 0;
            while (i < len) {
                char c = s[i];
                int cp = c;
                int w = 1;
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s[i + 1])) {
                    cp = Character.toCodePoint(c, s[i + 1]);
                    w = 2;
                }
                if (p.test(cp)) {
                    if (lastOffset < i) {
                        out.add(lastOffset);
                        out.add(i);
                        out.add(0);
                    }
                    out.add(i);
                    out.add(i + w);
                    out.add(1);
                    lastOffset = i + w;
                }
                i += w;
            }
            if (len > lastOffset) {
                out.add(lastOffset);
                out.add(len);
                out.add(0);
            }
            return out;
        };
    }

    /** An Oniguruma regular expression (HF's {@code SysRegex}), searched as the onig crate's find_iter does. */
    static Splitter regex(String onigPattern, Node where) {
        return new RegexSplitter(OnigRegex.compile(onigPattern, where));
    }

    /** A literal string, searched as HF does (an escaped Oniguruma regular expression). */
    static Splitter literal(String text) {
        return new RegexSplitter(Pattern.compile(Pattern.quote(text)));
    }

    final class RegexSplitter implements Splitter {
        final Pattern pattern;

        RegexSplitter(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public IntList findMatches(char[] s, int len) {
            IntList out = new IntList(16);
            if (len == 0) {
                out.add(0);
                out.add(0);
                out.add(0);
                return out;
            }
            Matcher m = pattern.matcher(new CharArraySequence(s, len));
            int prev = 0;
            int lastEnd = 0;
            int lastMatchEnd = -1;
            while (lastEnd <= len) {
                if (!m.find(lastEnd)) {
                    break;
                }
                int start = m.start();
                int end = m.end();
                if (start > 0 && start < len && Character.isLowSurrogate(s[start]) && Character.isHighSurrogate(s[start - 1])) {
                    // java.util.regex may try a match inside a surrogate pair; Oniguruma works on whole characters.
                    lastEnd = start + 1;
                    continue;
                }
                if (start == end && lastMatchEnd == end) {
                    // The onig crate refuses an empty match right after the previous match and steps one character.
                    if (lastEnd < len) {
                        lastEnd += Character.isHighSurrogate(s[lastEnd]) && lastEnd + 1 < len
                                && Character.isLowSurrogate(s[lastEnd + 1]) ? 2 : 1;
                    } else {
                        lastEnd++;
                    }
                    continue;
                }
                lastEnd = end;
                lastMatchEnd = end;
                if (prev != start) {
                    out.add(prev);
                    out.add(start);
                    out.add(0);
                }
                out.add(start);
                out.add(end);
                out.add(1);
                prev = end;
            }
            if (prev != len) {
                out.add(prev);
                out.add(len);
                out.add(0);
            }
            return out;
        }
    }

    /** A CharSequence over a char array (no copy). */
    final class CharArraySequence implements CharSequence {
        private final char[] s;
        private final int offset;
        private final int len;

        CharArraySequence(char[] s, int len) {
            this(s, 0, len);
        }

        CharArraySequence(char[] s, int offset, int len) {
            this.s = s;
            this.offset = offset;
            this.len = len;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            return s[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CharArraySequence(s, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(s, offset, len);
        }
    }

    /** Oniguruma (Ruby syntax, UTF-8, Unicode classes) patterns rewritten for java.util.regex. */
    final class OnigRegex {
        private OnigRegex() {
        }

        /** A construct java.util.regex cannot match as Oniguruma does. */
        static final class UnsupportedConstruct extends RuntimeException {
            private static final long serialVersionUID = 1L;

            UnsupportedConstruct(String what) {
                super(what, null, false, false);
            }
        }

        static Pattern compile(String onig, Node where) {
            String java;
            try {
                java = translate(onig);
            } catch (UnsupportedConstruct e) {
                throw where.error("unsupported regular expression " + quote(onig) + ": " + e.getMessage()
                        + " (java.util.regex does not see supplementary characters behind the current position as "
                        + "Oniguruma does, so aipc4j refuses rather than approximates)");
            }
            try {
                // Onig: \s \w \d \b are Unicode-aware, (?i) folds Unicode, '.' stops only at \n, ^ $ match at lines.
                return Pattern.compile(java, Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES | Pattern.MULTILINE);
            } catch (PatternSyntaxException e) {
                throw where.error("cannot use the regular expression " + quote(onig) + ": " + e.getDescription());
            }
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        /**
         * Oniguruma's word character in UTF-8: Alphabetic, Mark, Decimal_Number, Connector_Punctuation (no
         * Join_Control) from U+0100 on; below, its ISO-8859-1 table, which adds ² ³ ¹ ¼ ½ ¾.
         */
        private static final String WORD = "\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u00B2\\u00B3\\u00B9\\u00BC-\\u00BE";

        /**
         * Rewrites the constructs whose meaning differs: \w \W (Oniguruma's word characters, not
         * java.util.regex's Unicode ones), \h \H (hex digits), \p{^X} and script names in \p{}, POSIX brackets,
         * the inline option m (dotall in Oniguruma); refuses \b \B, lookbehind and other inline options.
         */
        static String translate(String p) {
            StringBuilder out = new StringBuilder(p.length() + 16);
            int i = 0;
            int classDepth = 0;
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '\\' && i + 1 < p.length()) {
                    char n = p.charAt(i + 1);
                    if (n == 'w') {
                        out.append(classDepth > 0 ? WORD : "[" + WORD + "]");
                        i += 2;
                        continue;
                    }
                    if (n == 'W') {
                        out.append("[^" + WORD + "]");
                        i += 2;
                        continue;
                    }
                    if ((n == 'b' || n == 'B') && classDepth == 0) {
                        throw new UnsupportedConstruct("the word boundary \\" + n);
                    }
                    if (n == 'h') {
                        out.append(classDepth > 0 ? "0-9a-fA-F" : "[0-9a-fA-F]");
                        i += 2;
                        continue;
                    }
                    if (n == 'H' && classDepth == 0) {
                        out.append("[^0-9a-fA-F]");
                        i += 2;
                        continue;
                    }
                    if ((n == 'p' || n == 'P') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
                        int close = p.indexOf('}', i + 3);
                        if (close > 0) {
                            String name = p.substring(i + 3, close);
                            boolean negated = name.startsWith("^");
                            if (negated) {
                                name = name.substring(1);
                            }
                            out.append((n == 'p') != negated ? "\\p{" : "\\P{").append(propertyName(name)).append('}');
                            i = close + 1;
                            continue;
                        }
                    }
                    out.append(c).append(n);
                    i += 2;
                    continue;
                }
                if (c == '(' && classDepth == 0 && (p.startsWith("(?<=", i) || p.startsWith("(?<!", i))) {
                    throw new UnsupportedConstruct("lookbehind " + p.substring(i, i + 4));
                }
                if (c == '(' && classDepth == 0 && p.startsWith("(?", i)) {
                    // inline options: Oniguruma's m is java.util.regex's s ('.' matches a newline)
                    int k = i + 2;
                    while (k < p.length() && (Character.isLetter(p.charAt(k)) || p.charAt(k) == '-')) {
                        k++;
                    }
                    if (k > i + 2 && k < p.length() && (p.charAt(k) == ')' || p.charAt(k) == ':')) {
                        StringBuilder flags = new StringBuilder();
                        for (int f = i + 2; f < k; f++) {
                            char flag = p.charAt(f);
                            switch (flag) {
                                case 'i', 'x', '-' -> flags.append(flag);
                                case 'm' -> flags.append('s');
                                default -> throw new UnsupportedConstruct("the inline option '" + flag + "'");
                            }
                        }
                        out.append("(?").append(flags).append(p.charAt(k));
                        i = k + 1;
                        continue;
                    }
                }
                if (c == '[') {
                    if (p.startsWith("[:", i) && classDepth > 0) {
                        int close = p.indexOf(":]", i + 2);
                        if (close > 0) {
                            String name = p.substring(i + 2, close);
                            boolean negated = name.startsWith("^");
                            String cls = posix(negated ? name.substring(1) : name, negated);
                            if (cls != null) {
                                out.append(cls);
                                i = close + 2;
                                continue;
                            }
                        }
                    }
                    classDepth++;
                    out.append(c);
                    i++;
                    if (i < p.length() && p.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i < p.length() && p.charAt(i) == ']') {
                        out.append("\\]");
                        i++;
                    }
                    continue;
                }
                if (c == ']' && classDepth > 0) {
                    classDepth--;
                }
                out.append(c);
                i++;
            }
            return out.toString();
        }

        /** A property name as java.util.regex knows it: scripts and binary properties need "Is" there. */
        private static String propertyName(String name) {
            if (knows("\\p{" + name + "}")) {
                return name;
            }
            if (knows("\\p{Is" + name + "}")) {
                return "Is" + name;
            }
            return name; // let the compiler say what is wrong
        }

        private static boolean knows(String property) {
            try {
                Pattern.compile(property, Pattern.UNICODE_CHARACTER_CLASS);
                return true;
            } catch (PatternSyntaxException e) {
                return false;
            }
        }

        /** A POSIX bracket inside a class, as a Java class escape (Unicode meanings, as Oniguruma has them). */
        private static String posix(String name, boolean negated) {
            if (name.equals("word")) {
                return negated ? "[^" + WORD + "]" : WORD;
            }
            String p = switch (name) {
                case "alpha" -> "p{IsAlphabetic}";
                case "digit" -> "p{Nd}";
                case "alnum" -> "p{Alnum}";
                case "upper" -> "p{IsUppercase}";
                case "lower" -> "p{IsLowercase}";
                case "space" -> "p{IsWhite_Space}";
                case "punct" -> "p{IsPunctuation}";
                case "cntrl" -> "p{Cc}";
                case "xdigit" -> "p{XDigit}";
                default -> null;
            };
            if (p == null) {
                return null;
            }
            if (negated) {
                p = p.startsWith("p") ? "P" + p.substring(1) : "W";
            }
            return "\\" + p;
        }
    }
}
