package io.github.aipc4j.llm.tokenizer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Random Unicode strings (fixed seed): ids, tokens and offsets equal to Hugging Face's (through DJL);
 * decode(encode(s)) == s for the lossless tokenizers (byte-level GPT-2 always; the SentencePiece-style ones when s
 * holds no "▁" and no added token); and the streaming decoder's pieces add up to the decoded text.
 */
class TokenizerPropertyTest {
    private static final int STRINGS = 1000;

    static List<TestTokenizers.Case> cases() {
        List<TestTokenizers.Case> out = new ArrayList<>(TestTokenizers.real());
        for (TestTokenizers.Case c : TestTokenizers.variants()) {
            if (c.name().equals("gpt2-llama3-split") || c.name().equals("bert-nfd-split")) {
                out.add(c);
            }
        }
        return out;
    }

    /** Weighted pools of code points: (weight, first, last). */
    private static final int[][] POOLS = {
            {30, 'a', 'z'}, {8, 'A', 'Z'}, {6, '0', '9'}, {14, ' ', ' '}, {6, '!', '/'}, {3, ':', '@'}, {3, '[', '`'},
            {2, '{', '~'}, {2, '\t', '\n'}, {1, '\r', '\r'}, {2, 0xA0, 0xFF}, {2, 0x100, 0x24F}, {4, 0x300, 0x36F},
            {4, 0x391, 0x3C9}, {5, 0x400, 0x45F}, {2, 0x5D0, 0x5EA}, {2, 0x620, 0x64A}, {2, 0x900, 0x97F},
            {1, 0xE01, 0xE5B}, {2, 0x1E00, 0x1EFF}, {2, 0x2000, 0x206F}, {1, 0x20A0, 0x20C0}, {1, 0x2100, 0x218B},
            {1, 0x2190, 0x23FF}, {1, 0x2460, 0x24FF}, {1, 0x2500, 0x27BF}, {2, 0x3000, 0x30FF}, {4, 0x4E00, 0x9FFF},
            {2, 0xAC00, 0xD7A3}, {1, 0x1100, 0x11FF}, {1, 0xF900, 0xFAFF}, {1, 0xFB00, 0xFB4F}, {1, 0xFE00, 0xFE0F},
            {1, 0xFF00, 0xFFEF}, {1, 0xE000, 0xE0FF}, {4, 0x1F300, 0x1F64F}, {2, 0x1F680, 0x1F6FF},
            {2, 0x1F900, 0x1F9FF}, {1, 0x1F3FB, 0x1F3FF}, {1, 0x200B, 0x200F}, {1, 0x1D400, 0x1D7FF},
            {1, 0x20000, 0x2A6DF}, {1, 0x0, 0x1F}, {1, 0x7F, 0x9F}, {1, 0x2581, 0x2581}, {1, 0x120, 0x120},
            {1, 0xFFFD, 0xFFFD}, {1, 0xE0020, 0xE007F},
    };
    private static final String[] FRAGMENTS = {"<|user|>", "<|end|>", "<|assistant|>", "<s>", "</s>", "<unk>",
            "<|endoftext|>", "[CLS]", "[SEP]", "[MASK]", "<0x0A>", "'s", "'ll", "n't", "\r\n", "  ", "\u200d", "e\u0301",
            "\u1100\u1161", "Ġ", "##", "word", "hello world", "Київ"};

    static String randomString(SplittableRandom random) {
        int total = 0;
        for (int[] p : POOLS) {
            total += p[0];
        }
        int length = random.nextInt(0, 48);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (random.nextInt(40) == 0) {
                sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                continue;
            }
            int pick = random.nextInt(total);
            for (int[] p : POOLS) {
                pick -= p[0];
                if (pick < 0) {
                    int cp = random.nextInt(p[1], p[2] + 1);
                    if (Character.getType(cp) == Character.UNASSIGNED || Character.isSurrogate((char) cp)) {
                        cp = 'x';
                    }
                    sb.appendCodePoint(cp);
                    break;
                }
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void randomStringsMatchHuggingFace(TestTokenizers.Case c) {
        Tokenizer ours = Tokenizer.fromJson(c.json());
        SplittableRandom random = new SplittableRandom(0x5EED_2024L + c.name().hashCode());
        List<String> failures = new ArrayList<>();
        int lossless = 0;
        try (DjlOracle djl = new DjlOracle(c.json())) {
            for (int n = 0; n < STRINGS; n++) {
                String s = randomString(random);
                Encoding e = ours.encode(s);
                DjlOracle.Result r = djl.encode(s, true);
                if (!Arrays.equals(e.ids(), r.ids()) || !e.tokens().equals(Arrays.asList(r.tokens()))) {
                    failures.add(TokenizerParityTest.shorten(s) + ": ours " + e.tokens() + ", HF " + Arrays.asList(r.tokens()));
                    continue;
                }
                String offsets = TokenizerParityTest.compareOffsets(s, e, r);
                if (offsets != null) {
                    failures.add(TokenizerParityTest.shorten(s) + ": " + offsets);
                    continue;
                }
                String decoded = ours.decode(e.ids(), true);
                if (!decoded.equals(djl.decode(r.ids(), true))) {
                    failures.add(TokenizerParityTest.shorten(s) + ": decode differs");
                    continue;
                }
                if (isLossless(c, ours, s)) {
                    lossless++;
                    if (!decoded.equals(s)) {
                        failures.add(TokenizerParityTest.shorten(s) + ": decode(encode(s)) = "
                                + TokenizerParityTest.shorten(decoded));
                        continue;
                    }
                }
                StreamingDecoder stream = ours.decoder(true);
                StringBuilder streamed = new StringBuilder();
                for (int id : e.ids()) {
                    String piece = stream.next(id);
                    if (piece.contains("\uFFFD") && !s.contains("\uFFFD")) {
                        failures.add(TokenizerParityTest.shorten(s) + ": the stream gave a broken character");
                    }
                    streamed.append(piece);
                }
                if (!decoded.endsWith("\uFFFD") && !streamed.toString().equals(decoded)) {
                    failures.add(TokenizerParityTest.shorten(s) + ": streamed " + TokenizerParityTest.shorten(streamed.toString())
                            + ", decoded " + TokenizerParityTest.shorten(decoded));
                }
            }
        }
        if (c.lossless()) {
            assertFalse(lossless < STRINGS / 2, c.name() + ": only " + lossless + " strings were checked for round trips");
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
                c.name() + ": " + failures.size() + " of " + STRINGS + " random strings failed");
    }

    /** Whether decode(encode(s)) must give s back. */
    private static boolean isLossless(TestTokenizers.Case c, Tokenizer t, String s) {
        if (!c.lossless()) {
            return false;
        }
        if (c.name().equals("gpt2")) {
            return !s.contains("<|endoftext|>");
        }
        // SentencePiece style (Phi-3, Mistral, Llama 2): "▁" decodes to a space, added tokens stand alone.
        if (s.isEmpty() || s.indexOf('\u2581') >= 0) {
            return false;
        }
        for (String token : t.addedTokens().values()) {
            if (s.contains(token)) {
                return false;
            }
        }
        return true;
    }
}
