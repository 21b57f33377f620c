package io.github.aipc4j.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** HF's {@code PreTokenizedString}: the pieces of one input, each with its tokens once it has them. */
final class PreTokenized {
    final List<NormalizedString> pieces;
    final List<Tokens> tokens;

    PreTokenized(int capacity) {
        pieces = new ArrayList<>(capacity);
        tokens = new ArrayList<>(capacity);
    }

    void add(NormalizedString piece, Tokens t) {
        pieces.add(piece);
        tokens.add(t);
    }

    /** Replaces every piece that has no tokens yet by the pieces fn makes of it (empty ones dropped). */
    void split(BiConsumer<NormalizedString, List<NormalizedString>> fn) {
        List<NormalizedString> out = new ArrayList<>(4);
        int n = pieces.size();
        List<NormalizedString> newPieces = new ArrayList<>(n * 2);
        List<Tokens> newTokens = new ArrayList<>(n * 2);
        for (int i = 0; i < n; i++) {
            Tokens t = tokens.get(i);
            if (t != null) {
                newPieces.add(pieces.get(i));
                newTokens.add(t);
                continue;
            }
            out.clear();
            fn.accept(pieces.get(i), out);
            for (NormalizedString p : out) {
                if (p != null && !p.isEmpty()) {
                    newPieces.add(p);
                    newTokens.add(null);
                }
            }
        }
        pieces.clear();
        pieces.addAll(newPieces);
        tokens.clear();
        tokens.addAll(newTokens);
    }

    /** Splits pieces that have no tokens yet into (piece, tokens-or-null) pairs (the added vocabulary's split). */
    void splitWithTokens(BiConsumer<NormalizedString, PreTokenized> fn) {
        int n = pieces.size();
        PreTokenized out = new PreTokenized(n * 2);
        for (int i = 0; i < n; i++) {
            Tokens t = tokens.get(i);
            if (t != null) {
                out.add(pieces.get(i), t);
                continue;
            }
            PreTokenized part = new PreTokenized(4);
            fn.accept(pieces.get(i), part);
            for (int k = 0; k < part.pieces.size(); k++) {
                NormalizedString p = part.pieces.get(k);
                if (p != null && !p.isEmpty()) {
                    out.add(p, part.tokens.get(k));
                }
            }
        }
        pieces.clear();
        pieces.addAll(out.pieces);
        tokens.clear();
        tokens.addAll(out.tokens);
    }

    /** Changes every piece that has no tokens yet. */
    void normalize(Consumer<NormalizedString> fn) {
        for (int i = 0; i < pieces.size(); i++) {
            if (tokens.get(i) == null) {
                fn.accept(pieces.get(i));
            }
        }
    }
}
