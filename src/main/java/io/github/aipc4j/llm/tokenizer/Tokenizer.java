package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pure-Java tokenizer for Hugging Face {@code tokenizer.json} files that gives the same ids as Hugging Face's
 * tokenizers library (and the same tokens and offsets): BPE (byte-level like GPT-2 and Llama 3, or
 * SentencePiece-style with byte fallback like Llama 2, Mistral and Phi-3), WordPiece (BERT) and WordLevel models,
 * with their normalizers, pre-tokenizers, post-processors, decoders and added tokens.
 *
 * <pre>{@code
 * Tokenizer tokenizer = Tokenizer.load(Path.of("models/phi3"));      // folder with tokenizer.json
 * int[] ids = tokenizer.encode("<|user|>\nHello<|end|>").ids();
 * String text = tokenizer.decode(ids, true);
 * StreamingDecoder stream = tokenizer.decoder();                     // for generated tokens, one at a time
 * }</pre>
 *
 * <p>A configuration part aipc4j does not implement is refused when loading, with an
 * {@link IllegalArgumentException} naming its JSON path, never approximated. The truncation and padding settings
 * of {@code tokenizer.json} are not applied: {@link #encode} returns the whole encoding of one text.
 *
 * <p>Immutable and thread-safe (the BPE word cache is concurrent).
 */
public final class Tokenizer {
    private final Normalizers.Normalizer normalizer;
    private final PreTokenizers.PreTokenizer preTokenizer;
    private final Model model;
    private final PostProcessors.PostProcessor postProcessor;
    private final Decoders.Decoder decoder;
    private final AddedVocabulary added;
    private final TokenizerConfig config;
    private final int vocabularySize;

    private Tokenizer(Node root, TokenizerConfig config) {
        root.map();
        Node version = root.get("version");
        if (!version.isNull() && !"1.0".equals(version.value)) {
            throw version.error("unknown tokenizer version '" + version.value + "'");
        }
        this.normalizer = Normalizers.parse(root.get("normalizer"));
        this.preTokenizer = PreTokenizers.parse(root.get("pre_tokenizer"));
        this.model = Models.parse(root.get("model"));
        this.postProcessor = PostProcessors.parse(root.get("post_processor"));
        this.decoder = Decoders.parse(root.get("decoder"));
        this.added = new AddedVocabulary(root.get("added_tokens"), model, normalizer);
        this.config = config;
        int size = model.vocabulary().size();
        for (String token : added.vocabulary().keySet()) {
            if (!model.vocabulary().containsKey(token)) {
                size++;
            }
        }
        this.vocabularySize = size;
    }

    /**
     * Loads {@code tokenizer.json} from a folder (with {@code tokenizer_config.json} when the folder has one), or
     * the given JSON file (with a {@code tokenizer_config.json} beside it, if any).
     *
     * @throws UncheckedIOException     when a file cannot be read
     * @throws IllegalArgumentException when the JSON is invalid or uses a component aipc4j does not implement
     */
    public static Tokenizer load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve("tokenizer.json") : folderOrFile;
        Path configFile = file.resolveSibling("tokenizer_config.json");
        try {
            String json = Files.readString(file);
            String config = Files.isRegularFile(configFile) ? Files.readString(configFile) : null;
            return fromJson(json, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A tokenizer from the text of a {@code tokenizer.json}. */
    public static Tokenizer fromJson(String tokenizerJson) {
        return fromJson(tokenizerJson, null);
    }

    /** A tokenizer from the texts of a {@code tokenizer.json} and a {@code tokenizer_config.json} (or null). */
    public static Tokenizer fromJson(String tokenizerJson, String tokenizerConfigJson) {
        TokenizerConfig config = tokenizerConfigJson == null ? TokenizerConfig.EMPTY
                : TokenizerConfig.parse(tokenizerConfigJson);
        return new Tokenizer(Node.root(Json.parse(tokenizerJson)), config);
    }

    /** The settings of {@code tokenizer_config.json} ({@link TokenizerConfig#EMPTY} without one). */
    public TokenizerConfig config() {
        return config;
    }

    /** Encodes with the special tokens of the post-processor (such as BOS), as HF does by default. */
    public Encoding encode(String text) {
        return encode(text, true);
    }

    /**
     * Encodes one text.
     *
     * @param addSpecialTokens whether the post-processor adds its special tokens (BOS, [CLS]/[SEP], ...); added
     *                         tokens written in the text (such as {@code <|user|>}) are recognized either way
     */
    public Encoding encode(String text, boolean addSpecialTokens) {
        String input = wellFormed(text);
        PreTokenized p = added.extractAndNormalize(normalizer, input);
        if (preTokenizer != null) {
            preTokenizer.preTokenize(p);
        }
        int n = p.pieces.size();
        int total = 0;
        for (int i = 0; i < n; i++) {
            Tokens t = p.tokens.get(i);
            if (t == null) {
                t = model.tokenize(p.pieces.get(i));
                p.tokens.set(i, t);
            }
            total += t.size();
        }
        PostProcessors.Seg seg = new PostProcessors.Seg(total);
        for (int i = 0; i < n; i++) {
            NormalizedString piece = p.pieces.get(i);
            Tokens t = p.tokens.get(i);
            for (int k = 0; k < t.size(); k++) {
                int id = t.ids[k];
                String value = t.values != null && t.values[k] != null ? t.values[k] : model.idToToken(id);
                int s = t.starts[k];
                int e = t.ends[k];
                int start;
                int end;
                if (s == e) {
                    start = piece.origStart + s;
                    end = piece.origStart + e;
                } else if (e > piece.len || s > e) {
                    start = s;
                    end = e;
                } else {
                    start = piece.alignStart[s];
                    end = piece.alignEnd[e - 1];
                }
                seg.add(id, value, start, end, 0, 0, 1);
            }
        }
        List<PostProcessors.Seg> encodings = new ArrayList<>(1);
        encodings.add(seg);
        if (postProcessor != null) {
            // HF post-processes offsets counted in characters (code points): so does aipc4j, then it counts in chars.
            int[] unitOfCodePoint = null;
            if (hasSupplementary(input)) {
                int[] codePointOfUnit = new int[input.length() + 1];
                unitOfCodePoint = new int[input.length() + 1];
                int cp = 0;
                for (int u = 0; u < input.length(); u++) {
                    codePointOfUnit[u] = cp;
                    if (!(Character.isLowSurrogate(input.charAt(u)) && u > 0
                            && Character.isHighSurrogate(input.charAt(u - 1)))) {
                        unitOfCodePoint[cp++] = u;
                    }
                }
                codePointOfUnit[input.length()] = cp;
                unitOfCodePoint[cp] = input.length();
                for (int k = cp + 1; k < unitOfCodePoint.length; k++) {
                    unitOfCodePoint[k] = input.length();
                }
                convert(seg, codePointOfUnit);
            }
            encodings = postProcessor.process(encodings, addSpecialTokens);
            if (unitOfCodePoint != null) {
                for (PostProcessors.Seg e : encodings) {
                    if (e.inSequence.size() > 0) {
                        convert(e, unitOfCodePoint);
                    }
                }
            }
        }
        return merge(encodings);
    }

    private static boolean hasSupplementary(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Maps the offsets of the tokens that come from the input through the table. */
    private static void convert(PostProcessors.Seg seg, int[] table) {
        for (int i = 0; i < seg.size(); i++) {
            if (seg.inSequence.get(i) == 0) {
                continue;
            }
            seg.starts.set(i, table[Math.max(0, Math.min(seg.starts.get(i), table.length - 1))]);
            seg.ends.set(i, table[Math.max(0, Math.min(seg.ends.get(i), table.length - 1))]);
        }
    }

    private static Encoding merge(List<PostProcessors.Seg> segs) {
        int total = 0;
        for (PostProcessors.Seg s : segs) {
            total += s.size();
        }
        int[] ids = new int[total];
        String[] tokens = new String[total];
        int[] starts = new int[total];
        int[] ends = new int[total];
        boolean[] special = new boolean[total];
        boolean[] fromInput = new boolean[total];
        int o = 0;
        for (PostProcessors.Seg s : segs) {
            for (int i = 0; i < s.size(); i++) {
                ids[o] = s.ids.get(i);
                tokens[o] = s.tokens.get(i);
                starts[o] = s.starts.get(i);
                ends[o] = s.ends.get(i);
                special[o] = s.special.get(i) != 0;
                fromInput[o] = s.inSequence.get(i) != 0;
                o++;
            }
        }
        return new Encoding(ids, tokens, starts, ends, special, fromInput);
    }

    /** The text with unpaired surrogates replaced by U+FFFD (Rust strings cannot hold them). */
    private static String wellFormed(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                char[] chars = text.toCharArray();
                for (int k = i; k < n; k++) {
                    char d = chars[k];
                    if (Character.isHighSurrogate(d) && k + 1 < n && Character.isLowSurrogate(chars[k + 1])) {
                        k++;
                    } else if (Character.isSurrogate(d)) {
                        chars[k] = '\uFFFD';
                    }
                }
                return new String(chars);
            }
        }
        return text;
    }

    /** Encodes several texts (in parallel for larger batches), with the post-processor's special tokens. */
    public List<Encoding> encodeBatch(List<String> texts) {
        return encodeBatch(texts, true);
    }

    /** Encodes several texts (in parallel for larger batches). */
    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        if (texts.size() < 8) {
            List<Encoding> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                out.add(encode(t, addSpecialTokens));
            }
            return out;
        }
        return texts.parallelStream().map(t -> encode(t, addSpecialTokens)).toList();
    }

    /** Decodes ids to text (unknown ids are skipped, as HF does). */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Decodes ids to text, through the decoder of {@code tokenizer.json} (tokens joined by spaces without one).
     *
     * @param skipSpecialTokens leave out added tokens marked special (such as {@code <s>} or {@code <|end|>})
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (t == null || (skipSpecialTokens && added.isSpecial(t))) {
                continue;
            }
            tokens.add(t);
        }
        if (decoder == null) {
            return String.join(" ", tokens);
        }
        return String.join("", decoder.decodeChain(tokens));
    }

    /** A decoder for generated ids, one at a time, that keeps special tokens. */
    public StreamingDecoder decoder() {
        return new StreamingDecoder(this, false);
    }

    /** A decoder for generated ids, one at a time. */
    public StreamingDecoder decoder(boolean skipSpecialTokens) {
        return new StreamingDecoder(this, skipSpecialTokens);
    }

    /** The id of a token (added tokens first, then the model's vocabulary), or -1. */
    public int tokenToId(String token) {
        return added.tokenToId(token, model);
    }

    /** The token of an id (added tokens first, then the model's vocabulary), or null. */
    public String idToToken(int id) {
        String t = added.idToToken(id);
        return t != null ? t : model.idToToken(id);
    }

    /** Whether the id is an added token marked special. */
    public boolean isSpecialToken(int id) {
        String t = added.idToToken(id);
        return t != null && added.isSpecial(t);
    }

    /** Number of distinct tokens: the model's vocabulary and the added tokens (HF's get_vocab_size(true)). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The added tokens by id. */
    public Map<Integer, String> addedTokens() {
        Map<Integer, String> out = new java.util.TreeMap<>();
        for (Map.Entry<Integer, AddedVocabulary.AddedToken> e : added.tokensById().entrySet()) {
            out.put(e.getKey(), e.getValue().content());
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
