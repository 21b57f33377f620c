package io.github.aipc4j.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** HF's pre-tokenizers, built from {@code tokenizer.json}. */
final class PreTokenizers {
    private PreTokenizers() {
    }

    interface PreTokenizer {
        void preTokenize(PreTokenized p);
    }

    /** GPT-2's pattern, as HF's ByteLevel pre-tokenizer has it. */
    static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final Splitter GPT2 = Gpt2Splitter.INSTANCE;
    private static final Splitter WHITESPACE_WORDS =
            new Splitter.RegexSplitter(java.util.regex.Pattern.compile("\\w+|[^\\w\\s]+",
                    java.util.regex.Pattern.UNICODE_CHARACTER_CLASS));
    private static final Splitter IS_WHITESPACE = Splitter.chars(Unicode::isWhitespace);
    private static final Splitter IS_NUMERIC = Splitter.chars(Unicode::isNumeric);
    private static final Splitter IS_PUNCTUATION = Splitter.chars(Unicode::isBertPunctuation);

    /** The byte-level alphabet: byte -> character (GPT-2's bytes_to_unicode). */
    static final char[] BYTE_TO_CHAR = new char[256];
    /** character -> byte, or -1. */
    static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean kept = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = kept ? (char) b : (char) (256 + n++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    static PreTokenizer parse(Node n) {
        if (n.isNull()) {
            return null;
        }
        String type = n.type();
        switch (type) {
            case "Sequence": {
                List<PreTokenizer> parts = new ArrayList<>();
                for (Node child : n.required("pretokenizers").list()) {
                    PreTokenizer p = parse(child);
                    if (p != null) {
                        parts.add(p);
                    }
                }
                PreTokenizer[] array = parts.toArray(new PreTokenizer[0]);
                return p -> {
                    for (PreTokenizer x : array) {
                        x.preTokenize(p);
                    }
                };
            }
            case "ByteLevel": {
                boolean addPrefixSpace = n.bool("add_prefix_space", true);
                boolean useRegex = n.bool("use_regex", true);
                return p -> {
                    p.split((piece, out) -> {
                        if (addPrefixSpace && !(piece.len > 0 && piece.s[0] == ' ')) {
                            piece.prepend(" ");
                        }
                        if (useRegex) {
                            piece.split(GPT2, NormalizedString.Behavior.ISOLATED, false, out);
                        } else {
                            out.add(piece);
                        }
                    });
                    p.normalize(PreTokenizers::toByteLevelChars);
                };
            }
            case "Metaspace":
                return metaspace(n);
            case "Split": {
                Splitter pattern = Normalizers.pattern(n.required("pattern"));
                NormalizedString.Behavior behavior = NormalizedString.Behavior.parse(n.required("behavior"));
                boolean invert = n.bool("invert", false);
                return p -> p.split((piece, out) -> piece.split(pattern, behavior, invert, out));
            }
            case "Whitespace":
                return p -> p.split((piece, out) ->
                        piece.split(WHITESPACE_WORDS, NormalizedString.Behavior.REMOVED, true, out));
            case "WhitespaceSplit":
                return p -> p.split((piece, out) ->
                        piece.split(IS_WHITESPACE, NormalizedString.Behavior.REMOVED, false, out));
            case "Digits": {
                NormalizedString.Behavior behavior = n.bool("individual_digits", false)
                        ? NormalizedString.Behavior.ISOLATED : NormalizedString.Behavior.CONTIGUOUS;
                return p -> p.split((piece, out) -> piece.split(IS_NUMERIC, behavior, false, out));
            }
            case "BertPreTokenizer":
                return p -> {
                    p.split((piece, out) -> piece.split(IS_WHITESPACE, NormalizedString.Behavior.REMOVED, false, out));
                    p.split((piece, out) -> piece.split(IS_PUNCTUATION, NormalizedString.Behavior.ISOLATED, false, out));
                };
            case "Punctuation": {
                NormalizedString.Behavior behavior = n.has("behavior")
                        ? NormalizedString.Behavior.parse(n.get("behavior")) : NormalizedString.Behavior.ISOLATED;
                return p -> p.split((piece, out) -> piece.split(IS_PUNCTUATION, behavior, false, out));
            }
            case "CharDelimiterSplit": {
                int delimiter = n.codePoint("delimiter", -1);
                if (delimiter < 0) {
                    throw n.error("lacks the member 'delimiter'");
                }
                Splitter d = Splitter.chars(c -> c == delimiter);
                return p -> p.split((piece, out) -> piece.split(d, NormalizedString.Behavior.REMOVED, false, out));
            }
            default:
                throw n.unsupported("pre-tokenizer");
        }
    }

    private static PreTokenizer metaspace(Node n) {
        int replacement = n.codePoint("replacement", '\u2581');
        String rep = new String(Character.toChars(replacement));
        String scheme = n.string("prepend_scheme", "always");
        if (!scheme.equals("always") && !scheme.equals("first") && !scheme.equals("never")) {
            throw n.get("prepend_scheme").error("unknown prepend_scheme '" + scheme + "'");
        }
        Node addPrefixSpace = n.get("add_prefix_space");
        if (addPrefixSpace.value instanceof Boolean b && !b) {
            if (!scheme.equals("never")) {
                throw addPrefixSpace.error("add_prefix_space does not match declared prepend_scheme");
            }
        }
        boolean split = n.bool("split", true);
        boolean always = scheme.equals("always");
        boolean first = scheme.equals("first");
        Splitter space = Splitter.chars(c -> c == ' ');
        Splitter isReplacement = Splitter.chars(c -> c == replacement);
        return p -> p.split((piece, out) -> {
            piece.replace(space, rep);
            boolean startsWith = piece.len > 0 && piece.codePointAt(0) == replacement;
            if (always && !startsWith) {
                piece.prepend(rep);
            } else if (first && !startsWith && piece.origStart == 0) {
                piece.prepend(rep);
            }
            if (split) {
                piece.split(isReplacement, NormalizedString.Behavior.MERGED_WITH_NEXT, false, out);
            } else {
                out.add(piece);
            }
        });
    }

    /** Every character as the byte-level characters of its UTF-8 bytes, each aligned with the character. */
    static void toByteLevelChars(NormalizedString n) {
        int len = n.len;
        char[] s = n.s;
        boolean plain = true;
        for (int i = 0; i < len; i++) {
            char c = s[i];
            if (c < '!' || c > '~') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return;
        }
        char[] out = new char[len * 3 + 1];
        int[] as = new int[out.length];
        int[] ae = new int[out.length];
        int o = 0;
        for (int i = 0; i < len; ) {
            int cp = n.codePointAt(i);
            int aS = n.alignStart[i];
            int aE = n.alignEnd[i];
            int w = Character.charCount(cp);
            if (o + 4 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
                as = java.util.Arrays.copyOf(as, out.length);
                ae = java.util.Arrays.copyOf(ae, out.length);
            }
            if (cp < 0x80) {
                out[o] = BYTE_TO_CHAR[cp];
                as[o] = aS;
                ae[o++] = aE;
            } else if (cp < 0x800) {
                o = put(out, as, ae, o, 0xC0 | (cp >> 6), aS, aE);
                o = put(out, as, ae, o, 0x80 | (cp & 0x3F), aS, aE);
            } else if (cp < 0x10000) {
                o = put(out, as, ae, o, 0xE0 | (cp >> 12), aS, aE);
                o = put(out, as, ae, o, 0x80 | ((cp >> 6) & 0x3F), aS, aE);
                o = put(out, as, ae, o, 0x80 | (cp & 0x3F), aS, aE);
            } else {
                o = put(out, as, ae, o, 0xF0 | (cp >> 18), aS, aE);
                o = put(out, as, ae, o, 0x80 | ((cp >> 12) & 0x3F), aS, aE);
                o = put(out, as, ae, o, 0x80 | ((cp >> 6) & 0x3F), aS, aE);
                o = put(out, as, ae, o, 0x80 | (cp & 0x3F), aS, aE);
            }
            i += w;
        }
        n.s = out;
        n.alignStart = as;
        n.alignEnd = ae;
        n.len = o;
    }

    private static int put(char[] out, int[] as, int[] ae, int o, int b, int aS, int aE) {
        out[o] = BYTE_TO_CHAR[b];
        as[o] = aS;
        ae[o] = aE;
        return o + 1;
    }
}
