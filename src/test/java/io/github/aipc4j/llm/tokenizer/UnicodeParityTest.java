package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.github.aipc4j.llm.tokenizer.TestTokenizers.byteLevel;
import static io.github.aipc4j.llm.tokenizer.TestTokenizers.list;
import static io.github.aipc4j.llm.tokenizer.TestTokenizers.obj;
import static io.github.aipc4j.llm.tokenizer.TestTokenizers.regexPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every character property aipc4j must share with Hugging Face's tokenizers, checked over every code point of
 * planes 0, 1 and 14 that the JDK has assigned (surrogates aside), and every 7th of plane 2, against HF through DJL: Oniguruma's classes in Split patterns, Rust's
 * whitespace and numeric tests, the BERT normalizer's and pre-tokenizer's tables, lowercasing, and the four Unicode
 * normalization forms. Each property drives a tokenizer whose tokens show it (byte-level tokens spell the
 * normalized text; pieces show where a pattern matched), so equal tokens and offsets mean an equal property.
 */
class UnicodeParityTest {
    /** Code points tested, in texts of CHUNK code points, each followed by a space (except for the patterns). */
    private static final int CHUNK = 4096;

    record Probe(String name, String json, boolean spaced) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Probe> probes() {
        List<Probe> out = new ArrayList<>();
        for (String pattern : List.of("\\w", "\\W", "\\s", "\\d", "\\p{L}", "\\p{N}", "[^\\s\\p{L}\\p{N}]", "\\p{Lu}",
                "\\p{M}", "[[:alpha:]]", "(?i:ǅ)", ".", "(?m:.)", "\\p{Han}", "\\p{^Greek}", "\\p{Alphabetic}",
                "\\p{White_Space}", "[\\h\\p{Cyrillic}]")) {
            out.add(new Probe("Split " + pattern, wordLevel(obj("type", "Split", "pattern", regexPattern(pattern),
                    "behavior", "Isolated", "invert", false), null), false));
        }
        out.add(new Probe("WhitespaceSplit", wordLevel(obj("type", "WhitespaceSplit"), null), false));
        out.add(new Probe("Whitespace", wordLevel(obj("type", "Whitespace"), null), false));
        out.add(new Probe("Digits", wordLevel(obj("type", "Digits", "individual_digits", true), null), false));
        out.add(new Probe("BertPreTokenizer", wordLevel(obj("type", "BertPreTokenizer"), null), false));
        out.add(new Probe("Punctuation", wordLevel(obj("type", "Punctuation", "behavior", "Isolated"), null), false));
        out.add(new Probe("ByteLevel regex", wordLevel(byteLevel(false, true, true), null), false));
        out.add(new Probe("CharDelimiterSplit", wordLevel(obj("type", "CharDelimiterSplit", "delimiter", "\u3000"), null),
                false));
        out.add(new Probe("ByteLevel normalizer", byteLevelSpelling(obj("type", "ByteLevel")), true));
        for (String type : List.of("NFC", "NFD", "NFKC", "NFKD", "Lowercase", "StripAccents")) {
            out.add(new Probe(type, byteLevelSpelling(obj("type", type)), true));
        }
        out.add(new Probe("BertNormalizer", byteLevelSpelling(obj("type", "BertNormalizer", "clean_text", true,
                "handle_chinese_chars", true, "strip_accents", null, "lowercase", true)), true));
        out.add(new Probe("BertNormalizer cased", byteLevelSpelling(obj("type", "BertNormalizer", "clean_text", true,
                "handle_chinese_chars", false, "strip_accents", true, "lowercase", false)), true));
        return out;
    }

    /** A WordLevel model that knows no word: one [UNK] per piece, whose offsets show the pieces. */
    private static String wordLevel(Map<String, Object> preTokenizer, Map<String, Object> normalizer) {
        return Json.write(obj("version", "1.0", "added_tokens", list(), "normalizer", normalizer,
                "pre_tokenizer", preTokenizer, "post_processor", null, "decoder", null,
                "model", obj("type", "WordLevel", "vocab", obj("[UNK]", 0L), "unk_token", "[UNK]")));
    }

    /** A byte-level BPE with the 256 byte tokens and no merge after the normalizer: the tokens spell its output. */
    private static String byteLevelSpelling(Map<String, Object> normalizer) {
        Map<String, Object> vocab = new java.util.LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(PreTokenizers.BYTE_TO_CHAR[b]), (long) b);
        }
        return Json.write(obj("version", "1.0", "added_tokens", list(), "normalizer", normalizer,
                "pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                        obj("type", "WhitespaceSplit"), byteLevel(false, true, false))),
                "post_processor", null, "decoder", byteLevel(true, true, true),
                "model", obj("type", "BPE", "dropout", null, "unk_token", null, "continuing_subword_prefix", null,
                        "end_of_word_suffix", null, "fuse_unk", false, "byte_fallback", false, "vocab", vocab,
                        "merges", list())));
    }

    static List<String> texts(boolean spaced) {
        List<String> texts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int n = 0;
        // planes 0 and 1 and the tags and variation selectors of plane 14 whole; plane 2 (CJK ideographs, all alike)
        // every 7th code point
        int[][] planes = {{0, 0x1FFFF, 1}, {0x20000, 0x2FFFF, 7}, {0xE0000, 0xE01EF, 1}};
        for (int[] plane : planes) {
            for (int cp = plane[0]; cp <= plane[1]; cp += plane[2]) {
                if (Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.SURROGATE) {
                    continue; // the JDK knows nothing of it (HF's Rust may: it has a later Unicode version)
                }
                sb.appendCodePoint(cp);
                if (spaced) {
                    sb.append(' ');
                }
                if (++n == CHUNK) {
                    texts.add(sb.toString());
                    sb.setLength(0);
                    n = 0;
                }
            }
        }
        if (!sb.isEmpty()) {
            texts.add(sb.toString());
        }
        return texts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void everyCodePointAsHuggingFace(Probe probe) {
        Tokenizer ours = Tokenizer.fromJson(probe.json());
        List<String> differences = new ArrayList<>();
        try (DjlOracle djl = new DjlOracle(probe.json())) {
            for (String text : texts(probe.spaced())) {
                Encoding e = ours.encode(text, false);
                DjlOracle.Result r = djl.encode(text, false);
                if (!Arrays.equals(e.ids(), r.ids()) || !e.tokens().equals(Arrays.asList(r.tokens()))) {
                    differences.add(firstDifference(text, e, r) + " " + differingCodePoints(ours, djl, text));
                    continue;
                }
                String offsets = TokenizerParityTest.compareOffsets(text, e, r);
                if (offsets != null) {
                    differences.add(offsets + " in the chunk starting at U+"
                            + Integer.toHexString(text.codePointAt(0)).toUpperCase());
                }
            }
        }
        assertEquals(List.of(), differences, probe.name() + " differs from Hugging Face's");
    }

    /** The code points of a text that alone (between two letters) encode differently. */
    private static String differingCodePoints(Tokenizer ours, DjlOracle djl, String text) {
        StringBuilder sb = new StringBuilder("[");
        text.codePoints().filter(cp -> cp != ' ').forEach(cp -> {
            String t = "a" + new String(Character.toChars(cp)) + "a " + new String(Character.toChars(cp));
            Encoding e = ours.encode(t, false);
            DjlOracle.Result r = djl.encode(t, false);
            if (!Arrays.equals(e.ids(), r.ids()) || TokenizerParityTest.compareOffsets(t, e, r) != null) {
                sb.append(String.format("U+%04X(%d) ", cp, Character.getType(cp)));
            }
        });
        return sb.append(']').toString();
    }

    private static String firstDifference(String text, Encoding e, DjlOracle.Result r) {
        int n = Math.min(e.size(), r.ids().length);
        for (int i = 0; i < n; i++) {
            if (e.id(i) != r.ids()[i] || !e.token(i).equals(r.tokens()[i])) {
                int[] span = r.charSpans()[i];
                String at = span == null ? "?" : "U+" + Integer.toHexString(text.codePointAt(
                        text.offsetByCodePoints(0, span[0]))).toUpperCase();
                return "token " + i + " near " + at + ": ours " + e.token(i) + " (" + e.id(i) + "), HF "
                        + r.tokens()[i] + " (" + r.ids()[i] + ")";
            }
        }
        return "lengths differ: ours " + e.size() + ", HF " + r.ids().length;
    }
}
