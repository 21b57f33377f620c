package io.github.aipc4j.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** HF's normalizers, built from {@code tokenizer.json}. */
final class Normalizers {
    private Normalizers() {
    }

    /** Changes a piece in place (keeping its alignments). */
    interface Normalizer {
        void normalize(NormalizedString n);
    }

    /** The normalizer at this node; null for JSON null. */
    static Normalizer parse(Node n) {
        if (n.isNull()) {
            return null;
        }
        String type = n.type();
        switch (type) {
            case "Sequence": {
                List<Normalizer> parts = new ArrayList<>();
                for (Node child : n.required("normalizers").list()) {
                    Normalizer p = parse(child);
                    if (p != null) {
                        parts.add(p);
                    }
                }
                Normalizer[] array = parts.toArray(new Normalizer[0]);
                return s -> {
                    for (Normalizer p : array) {
                        p.normalize(s);
                    }
                };
            }
            case "Prepend": {
                String prepend = n.required("prepend").string();
                return s -> {
                    if (!s.isEmpty()) {
                        s.prepend(prepend);
                    }
                };
            }
            case "Replace": {
                Splitter pattern = pattern(n.required("pattern"));
                String content = n.required("content").string();
                return s -> s.replace(pattern, content);
            }
            case "NFC":
                return s -> s.unicodeNormalize(false, true);
            case "NFD":
                return s -> s.unicodeNormalize(false, false);
            case "NFKC":
                return s -> s.unicodeNormalize(true, true);
            case "NFKD":
                return s -> s.unicodeNormalize(true, false);
            case "Lowercase":
                return NormalizedString::lowercase;
            case "Strip": {
                boolean left = n.bool("strip_left", true);
                boolean right = n.bool("strip_right", true);
                return s -> {
                    if (left && right) {
                        s.strip(true, true);
                    } else {
                        if (left) {
                            s.strip(true, false);
                        }
                        if (right) {
                            s.strip(false, true);
                        }
                    }
                };
            }
            case "StripAccents":
                return s -> s.filter(c -> !Unicode.isCombiningMark(c));
            case "BertNormalizer":
                return bert(n);
            case "ByteLevel":
                return PreTokenizers::toByteLevelChars;
            default:
                throw n.unsupported("normalizer");
        }
    }

    /** {"String": "..."} or {"Regex": "..."} (HF's ReplacePattern / SplitPattern). */
    static Splitter pattern(Node p) {
        if (p.has("String")) {
            return Splitter.literal(p.get("String").string());
        }
        if (p.has("Regex")) {
            return Splitter.regex(p.get("Regex").string(), p.get("Regex"));
        }
        throw p.error("expected {\"String\": ...} or {\"Regex\": ...}");
    }

    private static Normalizer bert(Node n) {
        boolean cleanText = n.bool("clean_text", true);
        boolean chinese = n.bool("handle_chinese_chars", true);
        boolean lowercase = n.bool("lowercase", true);
        Node accents = n.get("strip_accents");
        boolean stripAccents = accents.isNull() ? lowercase : n.bool("strip_accents", lowercase);
        return s -> {
            if (cleanText) {
                s.filter(c -> !(c == 0 || c == 0xFFFD || (c != '\t' && c != '\n' && c != '\r' && Unicode.isOldOther(c))));
                s.map(c -> c == '\t' || c == '\n' || c == '\r' || Unicode.isWhitespace(c) ? ' ' : c);
            }
            if (chinese) {
                handleChineseChars(s);
            }
            if (stripAccents) {
                s.unicodeNormalize(false, false);
                s.filter(c -> !Unicode.isOldNonspacingMark(c));
            }
            if (lowercase) {
                s.lowercase();
            }
        };
    }

    private static void handleChineseChars(NormalizedString s) {
        boolean any = false;
        for (int i = 0; i < s.len; ) {
            int c = s.codePointAt(i);
            if (Unicode.isChineseChar(c)) {
                any = true;
                break;
            }
            i += Character.charCount(c);
        }
        if (!any) {
            return;
        }
        IntList chars = new IntList(s.len + 8);
        IntList changes = new IntList(s.len + 8);
        for (int i = 0; i < s.len; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Unicode.isChineseChar(c)) {
                chars.add(' ');
                changes.add(0);
                chars.add(c);
                changes.add(1);
                chars.add(' ');
                changes.add(1);
            } else {
                chars.add(c);
                changes.add(0);
            }
        }
        s.transform(chars, changes, 0);
    }
}
