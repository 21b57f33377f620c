package io.github.aipc4j.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** HF's decoders, built from {@code tokenizer.json}. */
final class Decoders {
    private Decoders() {
    }

    interface Decoder {
        /** HF's decode_chain: tokens in, pieces of text out (joined by the caller). */
        List<String> decodeChain(List<String> tokens);
    }

    static Decoder parse(Node n) {
        if (n.isNull()) {
            return null;
        }
        String type = n.type();
        switch (type) {
            case "Sequence": {
                List<Decoder> parts = new ArrayList<>();
                for (Node child : n.required("decoders").list()) {
                    Decoder d = parse(child);
                    if (d != null) {
                        parts.add(d);
                    }
                }
                Decoder[] array = parts.toArray(new Decoder[0]);
                return tokens -> {
                    for (Decoder d : array) {
                        tokens = d.decodeChain(tokens);
                    }
                    return tokens;
                };
            }
            case "ByteLevel":
                return Decoders::byteLevel;
            case "Metaspace": {
                int replacement = n.codePoint("replacement", '\u2581');
                String scheme = n.string("prepend_scheme", "always");
                Node addPrefixSpace = n.get("add_prefix_space");
                boolean never = scheme.equals("never");
                if (addPrefixSpace.value instanceof Boolean b && !b && !never) {
                    throw addPrefixSpace.error("add_prefix_space does not match declared prepend_scheme");
                }
                return tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (int i = 0; i < tokens.size(); i++) {
                        String t = tokens.get(i);
                        StringBuilder sb = new StringBuilder(t.length());
                        for (int k = 0; k < t.length(); ) {
                            int c = t.codePointAt(k);
                            k += Character.charCount(c);
                            if (c == replacement) {
                                if (!(i == 0 && !never)) {
                                    sb.append(' ');
                                }
                            } else {
                                sb.appendCodePoint(c);
                            }
                        }
                        out.add(sb.toString());
                    }
                    return out;
                };
            }
            case "Replace": {
                Splitter pattern = Normalizers.pattern(n.required("pattern"));
                String content = n.required("content").string();
                return tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (String t : tokens) {
                        char[] chars = t.toCharArray();
                        IntList m = pattern.findMatches(chars, chars.length);
                        StringBuilder sb = new StringBuilder(t.length());
                        for (int k = 0; k < m.size(); k += 3) {
                            if (m.get(k + 2) != 0) {
                                sb.append(content);
                            } else {
                                sb.append(chars, m.get(k), m.get(k + 1) - m.get(k));
                            }
                        }
                        out.add(sb.toString());
                    }
                    return out;
                };
            }
            case "ByteFallback":
                return Decoders::byteFallback;
            case "Fuse":
                return tokens -> List.of(String.join("", tokens));
            case "Strip": {
                int content = n.codePoint("content", ' ');
                int start = n.integer("start", 0);
                int stop = n.integer("stop", 0);
                return tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (String t : tokens) {
                        int[] cps = t.codePoints().toArray();
                        int startCut = 0;
                        for (int i = 0; i < Math.min(start, cps.length); i++) {
                            if (cps[i] == content) {
                                startCut = i + 1;
                            } else {
                                break;
                            }
                        }
                        int stopCut = cps.length;
                        for (int i = 0; i < stop && i < cps.length; i++) {
                            int index = cps.length - i - 1;
                            if (cps[index] == content) {
                                stopCut = index;
                            } else {
                                break;
                            }
                        }
                        out.add(startCut >= stopCut ? "" : new String(cps, startCut, stopCut - startCut));
                    }
                    return out;
                };
            }
            case "WordPiece": {
                String prefix = n.string("prefix", "##");
                boolean cleanup = n.bool("cleanup", true);
                return tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (int i = 0; i < tokens.size(); i++) {
                        String t = tokens.get(i);
                        if (i != 0) {
                            t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
                        }
                        if (cleanup) {
                            t = cleanup(t);
                        }
                        out.add(t);
                    }
                    return out;
                };
            }
            case "BPEDecoder": {
                String suffix = n.string("suffix", "</w>");
                return tokens -> {
                    List<String> out = new ArrayList<>(tokens.size());
                    for (int i = 0; i < tokens.size(); i++) {
                        out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
                    }
                    return out;
                };
            }
            default:
                throw n.unsupported("decoder");
        }
    }

    /** HF's wordpiece cleanup (also transformers' clean_up_tokenization). */
    static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }

    private static List<String> byteLevel(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            boolean all = true;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c >= PreTokenizers.CHAR_TO_BYTE.length || PreTokenizers.CHAR_TO_BYTE[c] < 0) {
                    all = false;
                    break;
                }
            }
            if (all) {
                for (int i = 0; i < t.length(); i++) {
                    bytes.write(PreTokenizers.CHAR_TO_BYTE[t.charAt(i)]);
                }
            } else {
                bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));
            }
        }
        return List.of(utf8Lossy(bytes.toByteArray(), 0, bytes.size()));
    }

    private static List<String> byteFallback(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (String t : tokens) {
            int b = byteToken(t);
            if (b >= 0) {
                pending.write(b);
                continue;
            }
            flushBytes(pending, out);
            out.add(t);
        }
        flushBytes(pending, out);
        return out;
    }

    private static void flushBytes(ByteArrayOutputStream pending, List<String> out) {
        if (pending.size() == 0) {
            return;
        }
        byte[] b = pending.toByteArray();
        String s = utf8Strict(b);
        if (s != null) {
            out.add(s);
        } else {
            for (int i = 0; i < b.length; i++) {
                out.add("\uFFFD");
            }
        }
        pending.reset();
    }

    /** The byte of a {@code <0xXX>} token (as Rust's u8::from_str_radix reads XX), or -1. */
    static int byteToken(String t) {
        // HF tests the UTF-8 length (6), the "<0x" prefix and the ">" suffix.
        if (!t.startsWith("<0x") || !t.endsWith(">") || t.getBytes(StandardCharsets.UTF_8).length != 6) {
            return -1;
        }
        String digits = t.substring(3, t.length() - 1);
        if (digits.length() != 2) {
            return -1;
        }
        char a = digits.charAt(0);
        char b = digits.charAt(1);
        if (a == '+') {
            int v = Character.digit(b, 16);
            return b < 128 && v >= 0 ? v : -1;
        }
        int hi = a < 128 ? Character.digit(a, 16) : -1;
        int lo = b < 128 ? Character.digit(b, 16) : -1;
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** Valid UTF-8 decoded, or null. */
    static String utf8Strict(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int[] invalid = new int[1];
        decode(b, 0, b.length, sb, invalid);
        return invalid[0] == 0 ? sb.toString() : null;
    }

    /** Rust's String::from_utf8_lossy: one U+FFFD for each maximal invalid subpart. */
    static String utf8Lossy(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        decode(b, from, to, sb, new int[1]);
        return sb.toString();
    }

    private static void decode(byte[] b, int from, int to, StringBuilder sb, int[] invalid) {
        int i = from;
        while (i < to) {
            int start = i;
            int c0 = b[i++] & 0xFF;
            if (c0 < 0x80) {
                if (sb != null) {
                    sb.append((char) c0);
                }
                continue;
            }
            int width = c0 >= 0xC2 && c0 <= 0xDF ? 2 : c0 >= 0xE0 && c0 <= 0xEF ? 3 : c0 >= 0xF0 && c0 <= 0xF4 ? 4 : 0;
            boolean ok = false;
            int cp = 0;
            if (width == 2) {
                int c1 = i < to ? b[i] & 0xFF : 0;
                if ((c1 & 0xC0) == 0x80) {
                    i++;
                    cp = ((c0 & 0x1F) << 6) | (c1 & 0x3F);
                    ok = true;
                }
            } else if (width == 3) {
                int c1 = i < to ? b[i] & 0xFF : 0;
                boolean second = (c0 == 0xE0 && c1 >= 0xA0 && c1 <= 0xBF) || (c0 >= 0xE1 && c0 <= 0xEC && c1 >= 0x80 && c1 <= 0xBF)
                        || (c0 == 0xED && c1 >= 0x80 && c1 <= 0x9F) || (c0 >= 0xEE && c0 <= 0xEF && c1 >= 0x80 && c1 <= 0xBF);
                if (second) {
                    i++;
                    int c2 = i < to ? b[i] & 0xFF : 0;
                    if ((c2 & 0xC0) == 0x80) {
                        i++;
                        cp = ((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
                        ok = true;
                    }
                }
            } else if (width == 4) {
                int c1 = i < to ? b[i] & 0xFF : 0;
                boolean second = (c0 == 0xF0 && c1 >= 0x90 && c1 <= 0xBF) || (c0 >= 0xF1 && c0 <= 0xF3 && c1 >= 0x80 && c1 <= 0xBF)
                        || (c0 == 0xF4 && c1 >= 0x80 && c1 <= 0x8F);
                if (second) {
                    i++;
                    int c2 = i < to ? b[i] & 0xFF : 0;
                    if ((c2 & 0xC0) == 0x80) {
                        i++;
                        int c3 = i < to ? b[i] & 0xFF : 0;
                        if ((c3 & 0xC0) == 0x80) {
                            i++;
                            cp = ((c0 & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
                            ok = true;
                        }
                    }
                }
            }
            if (ok) {
                if (sb != null) {
                    sb.appendCodePoint(cp);
                }
            } else {
                invalid[0]++;
                if (sb != null) {
                    sb.append('\uFFFD');
                }
            }
            assert i > start;
        }
    }
}
