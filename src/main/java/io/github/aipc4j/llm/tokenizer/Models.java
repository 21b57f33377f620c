package io.github.aipc4j.llm.tokenizer;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Builds the model of a {@code tokenizer.json}; WordPiece and WordLevel live here, BPE in {@link BpeModel}. */
final class Models {
    private Models() {
    }

    static Model parse(Node model) {
        if (model.isNull()) {
            throw model.error("a tokenizer needs a model");
        }
        String type;
        if (model.has("type")) {
            type = model.type();
        } else if (model.has("merges")) {
            type = "BPE"; // serde's untagged fallback tries BPE first
        } else if (model.has("continuing_subword_prefix") || model.has("max_input_chars_per_word")) {
            type = "WordPiece";
        } else {
            throw model.error("the model has no 'type'");
        }
        return switch (type) {
            case "BPE" -> new BpeModel(model);
            case "WordPiece" -> new WordPiece(model);
            case "WordLevel" -> new WordLevel(model);
            default -> throw model.unsupported("model");
        };
    }

    static Map<String, Integer> vocab(Node vocab) {
        Map<String, Object> raw = vocab.map();
        Map<String, Integer> out = new HashMap<>(raw.size() * 2);
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Node id = new Node(e.getValue(), vocab.path + "[\"" + e.getKey() + "\"]");
            int v = id.intValue();
            if (v < 0) {
                throw id.error("negative token id " + v);
            }
            out.put(e.getKey(), v);
        }
        return Collections.unmodifiableMap(out);
    }

    static String[] reverse(Map<String, Integer> vocab) {
        int max = -1;
        for (int id : vocab.values()) {
            max = Math.max(max, id);
        }
        if (max > 50_000_000) {
            throw new IllegalArgumentException("token id " + max + " is too large");
        }
        String[] r = new String[max + 1];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            r[e.getValue()] = e.getKey();
        }
        return r;
    }

    /** HF's WordPiece: greedy longest match from the left, "##" on continuations, the unknown token for a word. */
    static final class WordPiece implements Model {
        private final Map<String, Integer> vocab;
        private final String[] vocabR;
        private final String unkToken;
        private final String prefix;
        private final int maxInputChars;
        private final int maxTokenLength;

        WordPiece(Node model) {
            this.vocab = vocab(model.required("vocab"));
            this.vocabR = reverse(vocab);
            this.unkToken = model.string("unk_token", "[UNK]");
            this.prefix = model.string("continuing_subword_prefix", "##");
            this.maxInputChars = model.integer("max_input_chars_per_word", 100);
            int max = 0;
            for (String k : vocab.keySet()) {
                max = Math.max(max, k.length());
            }
            this.maxTokenLength = max;
        }

        private int unkId() {
            Integer id = vocab.get(unkToken);
            if (id == null) {
                throw new IllegalStateException("WordPiece: the unknown token '" + unkToken + "' is not in the vocabulary");
            }
            return id;
        }

        @Override
        public Tokens tokenize(NormalizedString piece) {
            String seq = piece.get();
            int n = seq.length();
            if (seq.codePointCount(0, n) > maxInputChars) {
                return Tokens.single(unkId(), 0, n, unkToken);
            }
            int count = 0;
            int[] ids = new int[8];
            int[] starts = new int[8];
            int[] ends = new int[8];
            String[] values = new String[8];
            int start = 0;
            while (start < n) {
                int end = n;
                // Candidates longer than any vocabulary entry cannot match: start below that bound.
                int room = maxTokenLength - (start > 0 ? prefix.length() : 0);
                if (end - start > room) {
                    end = start + Math.max(room, 0);
                    if (end > start && end < n && Character.isLowSurrogate(seq.charAt(end))
                            && Character.isHighSurrogate(seq.charAt(end - 1))) {
                        end--;
                    }
                }
                int found = -1;
                String foundValue = null;
                while (start < end) {
                    String sub = start > 0 ? prefix + seq.substring(start, end) : seq.substring(start, end);
                    Integer id = vocab.get(sub);
                    if (id != null) {
                        found = id;
                        foundValue = sub;
                        break;
                    }
                    end -= Character.charCount(seq.codePointBefore(end));
                }
                if (found < 0) {
                    return Tokens.single(unkId(), 0, n, unkToken);
                }
                if (count == ids.length) {
                    ids = java.util.Arrays.copyOf(ids, count * 2);
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                    values = java.util.Arrays.copyOf(values, count * 2);
                }
                ids[count] = found;
                starts[count] = start;
                ends[count] = end;
                values[count] = foundValue;
                count++;
                start = end;
            }
            return new Tokens(java.util.Arrays.copyOf(ids, count), java.util.Arrays.copyOf(starts, count),
                    java.util.Arrays.copyOf(ends, count), java.util.Arrays.copyOf(values, count));
        }

        @Override
        public int tokenToId(String token) {
            return vocab.getOrDefault(token, -1);
        }

        @Override
        public String idToToken(int id) {
            return id >= 0 && id < vocabR.length ? vocabR[id] : null;
        }

        @Override
        public Map<String, Integer> vocabulary() {
            return vocab;
        }
    }

    /** HF's WordLevel: the whole piece is a token, or the unknown token. */
    static final class WordLevel implements Model {
        private final Map<String, Integer> vocab;
        private final String[] vocabR;
        private final String unkToken;

        WordLevel(Node model) {
            this.vocab = vocab(model.required("vocab"));
            this.vocabR = reverse(vocab);
            this.unkToken = model.string("unk_token", "<unk>");
        }

        @Override
        public Tokens tokenize(NormalizedString piece) {
            String seq = piece.get();
            Integer id = vocab.get(seq);
            if (id != null) {
                return Tokens.single(id, 0, seq.length(), seq);
            }
            Integer unk = vocab.get(unkToken);
            if (unk == null) {
                throw new IllegalStateException("WordLevel: the unknown token '" + unkToken + "' is not in the vocabulary");
            }
            return Tokens.single(unk, 0, seq.length(), unkToken);
        }

        @Override
        public int tokenToId(String token) {
            return vocab.getOrDefault(token, -1);
        }

        @Override
        public String idToToken(int id) {
            return id >= 0 && id < vocabR.length ? vocabR[id] : null;
        }

        @Override
        public Map<String, Integer> vocabulary() {
            return vocab;
        }
    }
}
