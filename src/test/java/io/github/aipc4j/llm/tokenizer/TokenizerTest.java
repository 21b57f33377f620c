package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static io.github.aipc4j.llm.tokenizer.TestTokenizers.list;
import static io.github.aipc4j.llm.tokenizer.TestTokenizers.obj;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public API on the real tokenizers, the refusals, thread safety, and the hand-written GPT-2 splitter. */
class TokenizerTest {
    private static final Path PHI3 = TestTokenizers.FOLDER.resolve("phi3");

    private static Tokenizer phi3() {
        TestTokenizers.ensureFiles();
        return Tokenizer.load(PHI3);
    }

    private static Tokenizer gpt2() {
        return Tokenizer.fromJson(TestTokenizers.read("gpt2"));
    }

    private static Tokenizer bert() {
        return Tokenizer.fromJson(TestTokenizers.miniLm());
    }

    @Test
    void phi3ChatTurn() {
        Tokenizer t = phi3();
        Encoding e = t.encode("<|user|>\nHello<|end|>\n<|assistant|>");
        // <|user|> and <|end|> swallow the newline after them (rstrip); "Hello" becomes "▁Hello"
        assertArrayEquals(new int[]{32010, 15043, 32007, 32001}, e.ids());
        assertEquals(List.of("<|user|>\n", "▁Hello", "<|end|>\n", "<|assistant|>"), e.tokens());
        // decoding goes through the vocabulary's strings: the swallowed newlines do not come back (as in HF)
        assertEquals("<|user|> Hello<|end|><|assistant|>", t.decode(e.ids(), false));
        assertEquals("Hello", t.decode(e.ids(), true));
        assertEquals("Hello", "<|user|>\nHello<|end|>\n<|assistant|>".substring(e.start(1), e.end(1)));
        assertTrue(t.isSpecialToken(32010));
        assertFalse(t.isSpecialToken(15043));
    }

    @Test
    void ukrainianWithByteFallback() {
        Tokenizer t = phi3();
        String text = "Привіт, як справи? Розкажи мені про Київ.";
        Encoding e = t.encode(text);
        assertEquals(text, t.decode(e.ids(), true));
        for (int i = 0; i < e.size(); i++) {
            assertTrue(e.start(i) <= e.end(i) && e.end(i) <= text.length());
        }
        // a character the vocabulary lacks falls back to its UTF-8 bytes
        Encoding emoji = t.encode("🦀");
        assertEquals(List.of("▁", "<0xF0>", "<0x9F>", "<0xA6>", "<0x80>"), emoji.tokens());
    }

    @Test
    void unpairedSurrogatesAreReplacementCharacters() {
        Tokenizer t = gpt2();
        Encoding e = t.encode("a\uD800b\uDC00");
        assertArrayEquals(t.encode("a\uFFFDb\uFFFD").ids(), e.ids());
        assertEquals(4, e.end(e.size() - 1));
    }

    @Test
    void gpt2KnownIdsAndOffsets() {
        Tokenizer t = gpt2();
        String text = "Hello world";
        Encoding e = t.encode(text);
        assertArrayEquals(new int[]{15496, 995}, e.ids());
        assertEquals(List.of("Hello", "Ġworld"), e.tokens());
        assertEquals("Hello", text.substring(e.start(0), e.end(0)));
        assertEquals(" world", text.substring(e.start(1), e.end(1)));
        assertEquals(text, t.decode(e.ids()));
        assertEquals(50256, t.tokenToId("<|endoftext|>"));
        assertEquals("Ġworld", t.idToToken(995));
        assertEquals(50257, t.vocabularySize());
        assertEquals(-1, t.tokenToId("no such token"));
        assertNull(t.idToToken(1_000_000));
    }

    @Test
    void bertAddsClsAndSep() {
        Tokenizer t = bert();
        Encoding e = t.encode("Hello, World!");
        assertArrayEquals(new int[]{101, 7592, 1010, 2088, 999, 102}, e.ids());
        assertTrue(e.isSpecial(0) && e.isSpecial(5) && !e.isSpecial(1));
        assertFalse(e.hasOffsets(0));
        assertArrayEquals(new int[]{7592, 1010, 2088, 999}, t.encode("Hello, World!", false).ids());
        assertEquals("hello, world!", t.decode(e.ids(), true));
        assertEquals(30522, t.vocabularySize());
    }

    @Test
    void loadsFolderFileAndConfig(@TempDir Path tmp) throws IOException {
        Tokenizer folder = phi3();
        Tokenizer file = Tokenizer.load(PHI3.resolve("tokenizer.json"));
        assertArrayEquals(folder.encode("Same ids either way.").ids(), file.encode("Same ids either way.").ids());
        TokenizerConfig c = folder.config();
        assertEquals("<|endoftext|>", c.eosToken());
        assertEquals("<s>", c.bosToken());
        assertEquals(Boolean.FALSE, c.addBosToken());
        assertTrue(c.chatTemplate().contains("<|assistant|>"));
        assertEquals(4096L, c.modelMaxLength());
        assertEquals(32011, folder.vocabularySize()); // 32000 + 11 new added tokens
        assertEquals(Map.of(0, "<unk>", 1, "<s>", 2, "</s>"), Map.of(0, folder.addedTokens().get(0),
                1, folder.addedTokens().get(1), 2, folder.addedTokens().get(2)));

        Path lone = tmp.resolve("custom.json");
        Files.writeString(lone, TestTokenizers.read("gpt2"));
        assertEquals(TokenizerConfig.EMPTY, Tokenizer.load(lone).config());
        UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> Tokenizer.load(tmp.resolve("none")));
        assertTrue(missing.getMessage().contains("none"));
    }

    @Test
    void streamingDecoderWaitsForWholeCharacters() {
        Tokenizer t = phi3();
        Encoding e = t.encode("Hi 🦀!");
        StreamingDecoder d = t.decoder();
        List<String> pieces = new ArrayList<>();
        for (int id : e.ids()) {
            pieces.add(d.next(id));
        }
        // "▁Hi", "▁", then the crab's four byte tokens: nothing until the fourth, then the whole character
        assertEquals(String.join("", pieces), "Hi 🦀!");
        int crab = pieces.indexOf("🦀");
        assertTrue(crab >= 3, pieces.toString());
        assertEquals(List.of("", "", ""), pieces.subList(crab - 3, crab));

        StreamingDecoder g = gpt2().decoder();
        StringBuilder sb = new StringBuilder();
        for (int id : gpt2().encode("Ünïcödé 🧪 ok").ids()) {
            String piece = g.next(id);
            assertFalse(piece.contains("\uFFFD"));
            sb.append(piece);
        }
        assertEquals("Ünïcödé 🧪 ok", sb.toString());
    }

    @Test
    void encodeBatchAndThreads() throws Exception {
        Tokenizer t = gpt2();
        List<String> lines = TokenizerParityTest.corpusLines().subList(0, 400);
        List<Encoding> batch = t.encodeBatch(lines);
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int[] ids = t.encode(lines.get(i)).ids();
            expected.add(ids);
            assertArrayEquals(ids, batch.get(i).ids());
        }
        Tokenizer fresh = gpt2(); // empty word cache: the threads fill it together
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int seed = thread;
                results.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int k = 0; k < 2000; k++) {
                        int i = r.nextInt(lines.size());
                        if (!java.util.Arrays.equals(expected.get(i), fresh.encode(lines.get(i)).ids())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void gpt2SplitterIsTheRegex() {
        Splitter regex = Splitter.regex(PreTokenizers.GPT2_PATTERN, Node.root(null));
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 3000; n++) {
            String s = TokenizerPropertyTest.randomString(random);
            if (n % 3 == 0) {
                s = s.replace('x', '\'') + "'s 're  \t\n  x";
            }
            char[] chars = s.toCharArray();
            IntListAssert.equal(regex.findMatches(chars, chars.length), Gpt2Splitter.INSTANCE.findMatches(chars,
                    chars.length), s);
        }
    }

    /** Small helper: compares two IntLists. */
    static final class IntListAssert {
        static void equal(IntList a, IntList b, String context) {
            assertArrayEquals(a.toArray(), b.toArray(), () -> "on " + TokenizerParityTest.shorten(context));
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // Refusals

    private static String withPart(String member, Object value) {
        Map<String, Object> m = TestTokenizers.parse(TestTokenizers.read("gpt2"));
        m.put(member, value);
        return Json.write(m);
    }

    private static IllegalArgumentException refused(String json) {
        return assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(json));
    }

    @Test
    void unsupportedComponentsAreRefusedWithTheirPath() {
        IllegalArgumentException n = refused(withPart("normalizer", obj("type", "Sequence", "normalizers",
                list(obj("type", "NFC"), obj("type", "Precompiled", "precompiled_charsmap", "AAAA")))));
        assertTrue(n.getMessage().contains("$.normalizer.normalizers[1]") && n.getMessage().contains("Precompiled"),
                n.getMessage());
        IllegalArgumentException p = refused(withPart("pre_tokenizer", obj("type", "UnicodeScripts")));
        assertTrue(p.getMessage().contains("$.pre_tokenizer") && p.getMessage().contains("UnicodeScripts"), p.getMessage());
        IllegalArgumentException d = refused(withPart("decoder", obj("type", "CTC")));
        assertTrue(d.getMessage().contains("$.decoder") && d.getMessage().contains("CTC"), d.getMessage());
        IllegalArgumentException m = refused(withPart("model", obj("type", "Unigram", "vocab", list())));
        assertTrue(m.getMessage().contains("$.model") && m.getMessage().contains("Unigram"), m.getMessage());
        IllegalArgumentException pp = refused(withPart("post_processor", obj("type", "Whatever")));
        assertTrue(pp.getMessage().contains("$.post_processor"), pp.getMessage());
    }

    @Test
    void dropoutMustBeNullOrZero() {
        Map<String, Object> m = TestTokenizers.parse(TestTokenizers.read("gpt2"));
        TestTokenizers.model(m).put("dropout", 0.1);
        IllegalArgumentException e = refused(Json.write(m));
        assertTrue(e.getMessage().contains("$.model.dropout") && e.getMessage().contains("dropout"), e.getMessage());
        TestTokenizers.model(m).put("dropout", 0.0);
        assertArrayEquals(new int[]{15496, 995}, Tokenizer.fromJson(Json.write(m)).encode("Hello world").ids());
    }

    @Test
    void regularExpressionsJavaCannotMatchLikeOnigurumaAreRefused() {
        for (String pattern : List.of("\\bword\\b", "(?<=a)b", "(?<!a)b", "x\\B")) {
            IllegalArgumentException e = refused(withPart("pre_tokenizer", obj("type", "Split", "pattern",
                    obj("Regex", pattern), "behavior", "Isolated", "invert", false)));
            assertTrue(e.getMessage().contains("$.pre_tokenizer.pattern.Regex"), e.getMessage());
        }
        IllegalArgumentException bad = refused(withPart("pre_tokenizer", obj("type", "Split", "pattern",
                obj("Regex", "(unclosed"), "behavior", "Isolated", "invert", false)));
        assertTrue(bad.getMessage().contains("(unclosed"), bad.getMessage());
    }

    @Test
    void invalidJsonSaysWhere() {
        IllegalArgumentException e = refused("{\n  \"model\": [1, 2,,]\n}");
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{\"model\": null}"));
    }

    @Test
    void onigurumaTranslation() {
        assertEquals("[\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u00B2\\u00B3\\u00B9\\u00BC-\\u00BE]+",
                Splitter.OnigRegex.translate("\\w+"));
        assertEquals("[0-9a-fA-F]", Splitter.OnigRegex.translate("\\h"));
        assertEquals("\\P{L}", Splitter.OnigRegex.translate("\\p{^L}"));
        assertEquals("[\\p{IsAlphabetic}x]", Splitter.OnigRegex.translate("[[:alpha:]x]"));
        assertTrue(Pattern.compile(Splitter.OnigRegex.translate("[^\\w\\s]+")).matcher("!?").matches());
    }
}
