package io.github.aipc4j.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HF's BPE model: characters (with byte fallback and unknown-token fusing), then merges by rank with a priority
 * queue over a linked list of symbols, exactly as {@code Word::merge_all} orders them; results cached per word.
 */
final class BpeModel implements Model {
    /** HF's cache: 10 000 words of fewer than 256 UTF-8 bytes. */
    private static final int CACHE_CAPACITY = 10_000;
    private static final int CACHE_MAX_BYTES = 256;

    private final Map<String, Integer> vocab;
    private final String[] vocabR;
    private final LongIntMap merges;
    private final int[] mergeNewIds;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] byteIds = new int[256];
    private final int[] bmpIds = new int[0x10000];
    private final ConcurrentHashMap<String, Tokens> cache = new ConcurrentHashMap<>();

    BpeModel(Node model) {
        Node dropout = model.get("dropout");
        if (!dropout.isNull() && dropout.number() != 0.0) {
            throw dropout.error("BPE dropout " + dropout.number() + " is not supported (encoding would be random); "
                    + "use null or 0");
        }
        this.vocab = Models.vocab(model.required("vocab"));
        this.vocabR = Models.reverse(vocab);
        String unk = model.stringOrNull("unk_token");
        this.unkToken = unk;
        this.unkId = unk == null ? -1 : vocab.getOrDefault(unk, -1);
        String p = model.stringOrNull("continuing_subword_prefix");
        String s = model.stringOrNull("end_of_word_suffix");
        this.prefix = p == null || p.isEmpty() ? null : p;
        this.suffix = s == null || s.isEmpty() ? null : s;
        this.fuseUnk = model.bool("fuse_unk", false);
        this.byteFallback = model.bool("byte_fallback", false);
        this.ignoreMerges = model.bool("ignore_merges", false);

        Node mergesNode = model.required("merges");
        List<Node> list = mergesNode.list();
        this.merges = new LongIntMap(list.size());
        this.mergeNewIds = new int[list.size()];
        int prefixLength = p == null ? 0 : p.length();
        for (int rank = 0; rank < list.size(); rank++) {
            Node m = list.get(rank);
            String a;
            String b;
            if (m.value instanceof String line) {
                int space = line.indexOf(' ');
                if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                    throw m.error("a merge must be two tokens separated by one space, found \"" + line + "\"");
                }
                a = line.substring(0, space);
                b = line.substring(space + 1);
            } else {
                List<Node> pair = m.list();
                if (pair.size() != 2) {
                    throw m.error("a merge must be a pair of tokens");
                }
                a = pair.get(0).string();
                b = pair.get(1).string();
            }
            Integer aId = vocab.get(a);
            Integer bId = vocab.get(b);
            if (aId == null || bId == null) {
                throw m.error("merge token '" + (aId == null ? a : b) + "' is not in the vocabulary");
            }
            if (b.length() < prefixLength) {
                throw m.error("merge token '" + b + "' is shorter than the continuing subword prefix");
            }
            String merged = a + b.substring(prefixLength);
            Integer newId = vocab.get(merged);
            if (newId == null) {
                throw m.error("merged token '" + merged + "' is not in the vocabulary");
            }
            merges.put(pair(aId, bId), rank);
            mergeNewIds[rank] = newId;
        }
        Arrays.fill(byteIds, -1);
        for (int i = 0; i < 256; i++) {
            Integer id = vocab.get(String.format("<0x%02X>", i));
            if (id != null) {
                byteIds[i] = id;
            }
        }
        Arrays.fill(bmpIds, -1);
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String k = e.getKey();
            if (k.length() == 1 && !Character.isSurrogate(k.charAt(0))) {
                bmpIds[k.charAt(0)] = e.getValue();
            }
        }
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    @Override
    public Tokens tokenize(NormalizedString piece) {
        return tokenize(piece.get());
    }

    Tokens tokenize(String w) {
        if (w.isEmpty()) {
            return new Tokens(new int[0], new int[0], new int[0], null);
        }
        if (ignoreMerges) {
            Integer id = vocab.get(w);
            if (id != null) {
                return new Tokens(new int[]{id}, new int[]{0}, new int[]{w.length()}, new String[]{w});
            }
        }
        Tokens hit = cache.get(w);
        if (hit != null) {
            return hit;
        }
        Tokens t = mergeWord(w);
        if (cache.size() < CACHE_CAPACITY && w.length() < CACHE_MAX_BYTES && utf8Length(w) < CACHE_MAX_BYTES) {
            cache.putIfAbsent(w, t);
        }
        return t;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static int utf8Length(String w) {
        int n = 0;
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            n += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return n;
    }

    /** HF's merge_word then merge_all; offsets of the symbols converted from UTF-8 bytes to UTF-16 units of w. */
    private Tokens mergeWord(String w) {
        int n = w.length();
        int capacity = n * 4 + 8;
        int[] c = new int[capacity];
        int[] len = new int[capacity];
        int count = 0;
        boolean unkPending = false;
        int unkLen = 0;
        int i = 0;
        while (i < n) {
            int cp = w.codePointAt(i);
            int cw = Character.charCount(cp);
            boolean first = i == 0;
            boolean last = i + cw >= n;
            int byteLen = utf8Length(cp);
            boolean prefixed = !first && prefix != null;
            boolean suffixed = last && suffix != null;
            int id;
            String s = null;
            if (!prefixed && !suffixed && cw == 1) {
                id = bmpIds[cp];
            } else {
                s = w.substring(i, i + cw);
                if (prefixed) {
                    s = prefix + s;
                }
                if (suffixed) {
                    s = s + suffix;
                }
                id = vocab.getOrDefault(s, -1);
            }
            if (id >= 0) {
                if (unkPending) {
                    c[count] = unkId;
                    len[count++] = unkLen;
                    unkPending = false;
                }
                c[count] = id;
                len[count++] = byteLen;
            } else {
                boolean handled = false;
                if (byteFallback) {
                    if (s == null) {
                        s = w.substring(i, i + cw);
                    }
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    boolean all = true;
                    for (byte b : bytes) {
                        if (byteIds[b & 0xFF] < 0) {
                            all = false;
                            break;
                        }
                    }
                    if (all) {
                        if (count + bytes.length + 2 > c.length) {
                            c = Arrays.copyOf(c, c.length * 2 + bytes.length);
                            len = Arrays.copyOf(len, c.length);
                        }
                        for (byte b : bytes) {
                            c[count] = byteIds[b & 0xFF];
                            len[count++] = 1;
                        }
                        handled = true;
                    }
                }
                if (!handled && unkToken != null) {
                    if (unkId < 0) {
                        throw new IllegalStateException("the BPE model's unk_token '" + unkToken
                                + "' is not in its vocabulary");
                    }
                    if (unkPending && fuseUnk) {
                        unkLen += byteLen;
                    } else {
                        if (unkPending) {
                            c[count] = unkId;
                            len[count++] = unkLen;
                        }
                        unkPending = true;
                        unkLen = byteLen;
                    }
                }
            }
            i += cw;
        }
        if (unkPending) {
            c[count] = unkId;
            len[count++] = unkLen;
        }
        count = mergeAll(c, len, count);
        return toTokens(w, c, len, count);
    }

    /** Word::merge_all without dropout; compacts the live symbols to the front and returns their number. */
    private int mergeAll(int[] c, int[] len, int count) {
        if (count < 2) {
            return count;
        }
        int[] prev = new int[count];
        int[] next = new int[count];
        for (int k = 0; k < count; k++) {
            prev[k] = k - 1;
            next[k] = k + 1 < count ? k + 1 : -1;
        }
        long[] heap = new long[count + 8];
        int size = 0;
        for (int k = 0; k + 1 < count; k++) {
            int rank = merges.get(pair(c[k], c[k + 1]));
            if (rank >= 0) {
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, heap.length * 2);
                }
                heap[size] = ((long) rank << 32) | k;
                siftUp(heap, size++);
            }
        }
        while (size > 0) {
            long top = heap[0];
            heap[0] = heap[--size];
            if (size > 0) {
                siftDown(heap, size);
            }
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (len[pos] == 0 || next[pos] == -1) {
                continue;
            }
            int nextPos = next[pos];
            int current = merges.get(pair(c[pos], c[nextPos]));
            int newId = mergeNewIds[rank];
            if (current < 0 || mergeNewIds[current] != newId) {
                continue;
            }
            c[pos] = newId;
            len[pos] += len[nextPos];
            next[pos] = next[nextPos];
            len[nextPos] = 0;
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
            }
            if (prev[pos] >= 0) {
                int p = prev[pos];
                int r = merges.get(pair(c[p], c[pos]));
                if (r >= 0) {
                    if (size == heap.length) {
                        heap = Arrays.copyOf(heap, heap.length * 2);
                    }
                    heap[size] = ((long) r << 32) | p;
                    siftUp(heap, size++);
                }
            }
            if (next[pos] >= 0) {
                int r = merges.get(pair(c[pos], c[next[pos]]));
                if (r >= 0) {
                    if (size == heap.length) {
                        heap = Arrays.copyOf(heap, heap.length * 2);
                    }
                    heap[size] = ((long) r << 32) | pos;
                    siftUp(heap, size++);
                }
            }
        }
        int live = 0;
        for (int k = 0; k < count; k++) {
            if (len[k] != 0) {
                c[live] = c[k];
                len[live++] = len[k];
            }
        }
        return live;
    }

    // A 4-ary min-heap of (rank << 32 | position): the lowest rank first, then the leftmost position.

    private static void siftUp(long[] heap, int i) {
        long v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (heap[parent] <= v) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private static void siftDown(long[] heap, int size) {
        long v = heap[0];
        int i = 0;
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long bestValue = heap[first];
            int last = Math.min(first + 4, size);
            for (int c = first + 1; c < last; c++) {
                if (heap[c] < bestValue) {
                    best = c;
                    bestValue = heap[c];
                }
            }
            if (bestValue >= v) {
                break;
            }
            heap[i] = bestValue;
            i = best;
        }
        heap[i] = v;
    }

    /** Symbols with cumulative UTF-8 offsets (as HF computes them) as tokens with UTF-16 offsets in w. */
    private Tokens toTokens(String w, int[] c, int[] len, int count) {
        int[] ids = Arrays.copyOf(c, count);
        int[] starts = new int[count];
        int[] ends = new int[count];
        boolean ascii = true;
        for (int i = 0; i < w.length(); i++) {
            if (w.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        int b = 0;
        if (ascii) {
            for (int k = 0; k < count; k++) {
                starts[k] = Math.min(b, w.length());
                b += len[k];
                ends[k] = Math.min(b, w.length());
            }
            return new Tokens(ids, starts, ends, null);
        }
        // byte offset -> (unit start, unit end) of the character holding that byte
        int totalBytes = utf8Length(w);
        int[] charStartOfByte = new int[totalBytes + 1];
        int[] charEndOfByte = new int[totalBytes + 1];
        int bytePos = 0;
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            int cw = Character.charCount(cp);
            int bl = utf8Length(cp);
            for (int k = 0; k < bl; k++) {
                charStartOfByte[bytePos + k] = i;
                charEndOfByte[bytePos + k] = i + cw;
            }
            bytePos += bl;
            i += cw;
        }
        charStartOfByte[totalBytes] = w.length();
        charEndOfByte[totalBytes] = w.length();
        for (int k = 0; k < count; k++) {
            int b0 = Math.min(b, totalBytes);
            b += len[k];
            int b1 = Math.min(b, totalBytes);
            starts[k] = charStartOfByte[b0];
            ends[k] = b1 > b0 ? charEndOfByte[b1 - 1] : starts[k];
        }
        return new Tokens(ids, starts, ends, null);
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
