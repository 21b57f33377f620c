package io.github.aipc4j.llm.tokenizer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * aipc4j's tokenizer against Hugging Face's tokenizers (Rust, through DJL) on the committed corpus
 * (src/test/resources/tokenizer/corpus.txt, 2 000+ lines): every line, runs of lines joined with "\n" and with
 * "\r\n", and the whole corpus as one text; with and without the post-processor's special tokens. Ids, token
 * strings, offsets (in code points, as DJL gives them) and the decoded text of the ids (keeping and skipping special
 * tokens) must all be identical.
 */
class TokenizerParityTest {
    static final Path CORPUS = Path.of("src/test/resources/tokenizer/corpus.txt");
    private static final ConcurrentLinkedQueue<String> SUMMARY = new ConcurrentLinkedQueue<>();

    static List<TestTokenizers.Case> cases() {
        return TestTokenizers.all();
    }

    static List<String> corpusLines() throws IOException {
        String text = Files.readString(CORPUS, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final newline
        }
        return lines;
    }

    /** The lines, runs of 7 lines joined with \n, runs of 11 joined with \r\n, and everything as one text. */
    static List<String> texts() throws IOException {
        List<String> lines = corpusLines();
        List<String> texts = new ArrayList<>(lines);
        for (int i = 0; i < lines.size(); i += 7) {
            texts.add(String.join("\n", lines.subList(i, Math.min(lines.size(), i + 7))));
        }
        for (int i = 3; i < lines.size(); i += 11) {
            texts.add(String.join("\r\n", lines.subList(i, Math.min(lines.size(), i + 11))) + "\r\n");
        }
        texts.add(String.join("\n", lines));
        return texts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void corpusMatchesHuggingFace(TestTokenizers.Case c) throws IOException {
        List<String> texts = texts();
        int lines = corpusLines().size();
        assertTrue(lines >= 2000, "the corpus must have at least 2000 lines");
        // The real tokenizers: everything twice (with and without special tokens); the variants (there for their
        // components): every other line with special tokens, the joined texts both ways.
        boolean real = TestTokenizers.real().contains(c);
        Tokenizer ours = Tokenizer.fromJson(c.json());
        List<String> mismatches = new ArrayList<>();
        long ids = 0;
        int encodings = 0;
        long oursNanos = 0;
        long djlNanos = 0;
        try (DjlOracle djl = new DjlOracle(c.json())) {
            for (int t = 0; t < texts.size(); t++) {
                if (!real && t < lines && t % 2 == 1) {
                    continue;
                }
                String text = texts.get(t);
                for (boolean special : real || t >= lines ? new boolean[]{true, false} : new boolean[]{true}) {
                    encodings++;
                    long t0 = System.nanoTime();
                    Encoding e = ours.encode(text, special);
                    long t1 = System.nanoTime();
                    DjlOracle.Result r = djl.encode(text, special);
                    long t2 = System.nanoTime();
                    oursNanos += t1 - t0;
                    djlNanos += t2 - t1;
                    ids += r.ids().length;
                    String where = c.name() + (special ? "" : " (no special tokens)") + " on " + shorten(text);
                    if (!Arrays.equals(e.ids(), r.ids())) {
                        mismatches.add(where + ": ids\n  ours " + Arrays.toString(e.ids()) + "\n  HF   "
                                + Arrays.toString(r.ids()) + "\n  ours " + e.tokens() + "\n  HF   " + Arrays.asList(r.tokens()));
                        continue;
                    }
                    if (!e.tokens().equals(Arrays.asList(r.tokens()))) {
                        mismatches.add(where + ": tokens\n  ours " + e.tokens() + "\n  HF   " + Arrays.asList(r.tokens()));
                        continue;
                    }
                    String offsets = compareOffsets(text, e, r);
                    if (offsets != null) {
                        mismatches.add(where + ": offsets " + offsets);
                        continue;
                    }
                    if (special) {
                        for (boolean skip : new boolean[]{false, true}) {
                            String a = ours.decode(e.ids(), skip);
                            String b = djl.decode(r.ids(), skip);
                            if (!a.equals(b)) {
                                mismatches.add(where + ": decode(skip=" + skip + ")\n  ours " + shorten(a) + "\n  HF   "
                                        + shorten(b));
                            }
                        }
                    }
                }
            }
        }
        String line = String.format("%-32s encodings %5d, ids compared %8d, mismatches %d, encode time ours %5.0f ms, "
                        + "HF via DJL %5.0f ms", c.name(), encodings, ids, mismatches.size(), oursNanos / 1e6,
                djlNanos / 1e6);
        SUMMARY.add(line);
        if (!mismatches.isEmpty()) {
            System.out.println(String.join("\n\n", mismatches.subList(0, Math.min(8, mismatches.size()))));
        }
        assertEquals(0, mismatches.size(), c.name() + ": " + mismatches.size() + " of " + encodings
                + " encodings differ from Hugging Face's; the first: " + (mismatches.isEmpty() ? "" : mismatches.get(0)));
    }

    /** Compares offsets in code points; null when equal. */
    static String compareOffsets(String text, Encoding e, DjlOracle.Result r) {
        int[] codePointOf = new int[text.length() + 1];
        for (int u = 0, cp = 0; u <= text.length(); u++) {
            codePointOf[u] = cp;
            if (u < text.length() && !(Character.isHighSurrogate(text.charAt(u)) && u + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(u + 1)))) {
                cp++;
            }
        }
        for (int i = 0; i < e.size(); i++) {
            int[] span = r.charSpans()[i];
            if (span == null) {
                if (e.hasOffsets(i)) {
                    return "token " + i + " (" + e.token(i) + "): HF has no offsets, ours ["
                            + e.start(i) + ", " + e.end(i) + ")";
                }
                continue;
            }
            int start = codePointOf[Math.min(e.start(i), text.length())];
            int end = codePointOf[Math.min(e.end(i), text.length())];
            if (!e.hasOffsets(i) || start != span[0] || end != span[1]) {
                return "token " + i + " (" + e.token(i) + "): ours [" + start + ", " + end + ") HF [" + span[0] + ", "
                        + span[1] + ")";
            }
        }
        return null;
    }

    static String shorten(String s) {
        String v = s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + " chars)" : s;
        StringBuilder sb = new StringBuilder("\"");
        v.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }

    @AfterAll
    static void printSummary() {
        System.out.println("Tokenizer parity with Hugging Face tokenizers 0.21.4 (DJL 0.38.0):");
        SUMMARY.forEach(s -> System.out.println("  " + s));
    }
}
