package io.github.aipc4j.llm.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HF's {@code AddedVocabulary}: the added tokens, their ids (assigned as HF assigns them, not read from the file),
 * and the two leftmost-longest matchers that cut the input on them before anything else runs: one over the raw
 * text for tokens with {@code normalized: false}, one over the normalized text for the others.
 */
final class AddedVocabulary {
    record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                      boolean special) {
    }

    private final Map<String, Integer> map = new HashMap<>();
    private final Map<Integer, AddedToken> mapR = new LinkedHashMap<>();
    private final Set<String> specialSet = new HashSet<>();
    private final Trie rawTrie;
    private final Trie normalizedTrie;

    AddedVocabulary(Node addedTokens, Model model, Normalizers.Normalizer normalizer) {
        List<AddedToken> tokens = new ArrayList<>();
        if (!addedTokens.isNull()) {
            for (Node t : addedTokens.list()) {
                tokens.add(new AddedToken(t.required("content").string(), t.bool("single_word", false),
                        t.bool("lstrip", false), t.bool("rstrip", false), t.bool("normalized", true),
                        t.bool("special", false)));
            }
        }
        // AddedVocabulary::add_tokens, as Tokenizer deserialization calls it once with all the tokens.
        List<AddedToken> special = new ArrayList<>();
        List<AddedToken> added = new ArrayList<>();
        for (AddedToken t : tokens) {
            if (t.special() && !t.content().isEmpty() && specialSet.add(t.content())) {
                special.add(t);
            }
        }
        int modelSize = model.vocabulary().size();
        for (AddedToken t : tokens) {
            if (t.content().isEmpty() || mapR.containsValue(t)) {
                continue;
            }
            int id = tokenToId(t.content(), model);
            if (id < 0) {
                if (map.isEmpty()) {
                    id = modelSize;
                } else {
                    int max = Collections.max(map.values());
                    id = max >= modelSize || modelSize == 0 ? max + 1 : modelSize;
                }
            }
            map.put(t.content(), id);
            mapR.put(id, t);
            if (!specialSet.contains(t.content())) {
                added.add(t);
            }
        }
        // refresh_added_tokens
        rawTrie = new Trie();
        normalizedTrie = new Trie();
        List<AddedToken> all = new ArrayList<>(special);
        all.addAll(added);
        for (AddedToken t : all) {
            int id = tokenToId(t.content(), model);
            if (t.normalized()) {
                String content = t.content();
                if (normalizer != null) {
                    NormalizedString n = NormalizedString.of(content, 0, content.length());
                    normalizer.normalize(n);
                    content = n.get();
                }
                normalizedTrie.add(content, id);
            } else {
                rawTrie.add(t.content(), id);
            }
        }
    }

    int tokenToId(String token, Model model) {
        Integer id = map.get(token);
        return id != null ? id : model.tokenToId(token);
    }

    /** The content of an added token with this id, or null. */
    String idToToken(int id) {
        AddedToken t = mapR.get(id);
        return t == null ? null : t.content();
    }

    boolean isSpecial(String token) {
        return specialSet.contains(token);
    }

    Map<String, Integer> vocabulary() {
        return map;
    }

    Map<Integer, AddedToken> tokensById() {
        return mapR;
    }

    /** HF's extract_and_normalize: cut on raw added tokens, normalize the rest, cut on normalized added tokens. */
    PreTokenized extractAndNormalize(Normalizers.Normalizer normalizer, String input) {
        PreTokenized p = new PreTokenized(8);
        p.add(NormalizedString.of(input, 0, input.length()), null);
        p.splitWithTokens((piece, out) -> splitWithIndices(piece, rawTrie, out));
        p.splitWithTokens((piece, out) -> {
            if (normalizer != null) {
                normalizer.normalize(piece);
            }
            splitWithIndices(piece, normalizedTrie, out);
        });
        return p;
    }

    private void splitWithIndices(NormalizedString piece, Trie trie, PreTokenized out) {
        char[] s = piece.s;
        int len = piece.len;
        if (len == 0) {
            return; // HF: one empty piece, which is dropped
        }
        if (trie.isEmpty()) {
            out.add(piece.slice(0, len), null);
            return;
        }
        int startOffset = 0;
        int i = 0;
        int[] match = new int[2];
        while (i < len) {
            if (!trie.longestAt(s, i, len, match)) {
                i++;
                continue;
            }
            int start = i;
            int stop = match[0];
            int id = match[1];
            i = stop; // the matcher goes on after the match, whatever is done with it
            AddedToken t = mapR.get(id);
            if (t.singleWord()) {
                boolean startSpace = start == 0 || !Unicode.isWordChar(piece.codePointBefore(start));
                boolean stopSpace = stop == len || !Unicode.isWordChar(piece.codePointAt(stop));
                if (!startSpace || !stopSpace) {
                    continue;
                }
            }
            if (t.lstrip()) {
                int newStart = start;
                while (newStart > 0) {
                    int cp = piece.codePointBefore(newStart);
                    if (!Unicode.isWhitespace(cp)) {
                        break;
                    }
                    newStart -= Character.charCount(cp);
                }
                start = Math.max(newStart, startOffset);
            }
            if (t.rstrip()) {
                while (stop < len) {
                    int cp = piece.codePointAt(stop);
                    if (!Unicode.isWhitespace(cp)) {
                        break;
                    }
                    stop += Character.charCount(cp);
                }
            }
            if (startOffset < start) {
                out.add(piece.slice(startOffset, start), null);
            }
            NormalizedString slice = piece.slice(start, stop);
            if (slice != null) {
                out.add(slice, Tokens.single(id, 0, slice.len, slice.get()));
            }
            startOffset = stop;
        }
        if (startOffset != len) {
            out.add(piece.slice(startOffset, len), null);
        }
    }

    /** A trie over UTF-16 units giving the longest pattern that starts at a position. */
    static final class Trie {
        private final class TrieNode {
            final Map<Character, TrieNode> children = new HashMap<>(4);
            int id = -1;
        }

        private final TrieNode root = new TrieNode();
        private final boolean[] first = new boolean[0x10000];
        private boolean empty = true;

        void add(String content, int id) {
            if (content.isEmpty()) {
                return;
            }
            TrieNode n = root;
            for (int i = 0; i < content.length(); i++) {
                n = n.children.computeIfAbsent(content.charAt(i), k -> new TrieNode());
            }
            if (n.id < 0) {
                n.id = id; // the first pattern wins a tie, as in aho-corasick
            }
            first[content.charAt(0)] = true;
            empty = false;
        }

        boolean isEmpty() {
            return empty;
        }

        /** The longest pattern at i: match[0] its end, match[1] its id. */
        boolean longestAt(char[] s, int i, int len, int[] match) {
            if (!first[s[i]]) {
                return false;
            }
            TrieNode n = root;
            int best = -1;
            for (int k = i; k < len; k++) {
                n = n.children.get(s[k]);
                if (n == null) {
                    break;
                }
                if (n.id >= 0) {
                    best = k + 1;
                    match[1] = n.id;
                }
            }
            if (best < 0) {
                return false;
            }
            match[0] = best;
            return true;
        }
    }

    @Override
    public String toString() {
        return "AddedVocabulary" + Objects.toString(mapR.values());
    }
}
