package io.github.aipc4j.modelfactory;

/**
 * A plain, readable float32 forward pass of the Phi-3 architecture over {@link Phi3Weights}: the yardstick the
 * runtimes' logits are checked against, not a fast path. One sequence, one token at a time, with a key/value cache;
 * sums are accumulated in double.
 */
public final class Phi3Reference {
    private final Phi3Config c;
    private final Phi3Weights w;
    private final float[] invFreq;

    public Phi3Reference(Phi3Weights weights) {
        this.w = weights;
        this.c = weights.config();
        invFreq = new float[c.headDim() / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(c.ropeTheta(), 2.0 * i / c.headDim()));
        }
    }

    /** The key/value cache of one sequence: per layer, per position, the kvHeads × headDim keys and values. */
    public final class Cache {
        private final float[][] keys = new float[c.layers()][];
        private final float[][] values = new float[c.layers()][];
        private int length;

        private Cache() {
            int width = c.kvHeads() * c.headDim();
            for (int l = 0; l < c.layers(); l++) {
                keys[l] = new float[c.context() * width];
                values[l] = new float[c.context() * width];
            }
        }

        /** Tokens processed so far. */
        public int length() {
            return length;
        }

        /** Forgets positions from {@code newLength} on (the cache is positional, so nothing is cleared). */
        public void truncate(int newLength) {
            if (newLength < 0 || newLength > length) {
                throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
            }
            length = newLength;
        }

        /** Layer {@code l}'s key of kv head {@code h} at position {@code t}, component {@code d}. */
        public float key(int l, int h, int t, int d) {
            return keys[l][(t * c.kvHeads() + h) * c.headDim() + d];
        }

        public float value(int l, int h, int t, int d) {
            return values[l][(t * c.kvHeads() + h) * c.headDim() + d];
        }
    }

    public Cache newCache() {
        return new Cache();
    }

    /** Runs {@code tokens} after what the cache holds; returns their logits, one row per token. */
    public float[][] forward(Cache cache, int... tokens) {
        float[][] logits = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            logits[i] = step(cache, tokens[i]);
        }
        return logits;
    }

    private float[] step(Cache cache, int token) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary of " + c.vocabSize());
        }
        int pos = cache.length;
        if (pos >= c.context()) {
            throw new IllegalStateException("context of " + c.context() + " tokens is full");
        }
        int hd = c.headDim();
        float[] x = new float[c.hidden()];
        System.arraycopy(w.get("model.embed_tokens.weight"), token * c.hidden(), x, 0, c.hidden());
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            float[] h = rmsNorm(x, w.get(p + "input_layernorm.weight"));
            float[] qkv = matVec(h, w.get(p + "self_attn.qkv_proj.weight"), c.qkvWidth());
            int qWidth = c.heads() * hd;
            int kvWidth = c.kvHeads() * hd;
            for (int head = 0; head < c.heads(); head++) {
                rope(qkv, head * hd, pos);
            }
            for (int head = 0; head < c.kvHeads(); head++) {
                rope(qkv, qWidth + head * hd, pos);
            }
            System.arraycopy(qkv, qWidth, cache.keys[l], pos * kvWidth, kvWidth);
            System.arraycopy(qkv, qWidth + kvWidth, cache.values[l], pos * kvWidth, kvWidth);
            float[] attention = new float[qWidth];
            int group = c.heads() / c.kvHeads();
            double scale = 1.0 / Math.sqrt(hd);
            for (int head = 0; head < c.heads(); head++) {
                int kvHead = head / group;
                double[] scores = new double[pos + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t <= pos; t++) {
                    double s = 0;
                    for (int d = 0; d < hd; d++) {
                        s += qkv[head * hd + d] * cache.keys[l][(t * c.kvHeads() + kvHead) * hd + d];
                    }
                    scores[t] = s * scale;
                    max = Math.max(max, scores[t]);
                }
                double sum = 0;
                for (int t = 0; t <= pos; t++) {
                    scores[t] = Math.exp(scores[t] - max);
                    sum += scores[t];
                }
                for (int d = 0; d < hd; d++) {
                    double o = 0;
                    for (int t = 0; t <= pos; t++) {
                        o += scores[t] / sum * cache.values[l][(t * c.kvHeads() + kvHead) * hd + d];
                    }
                    attention[head * hd + d] = (float) o;
                }
            }
            add(x, matVec(attention, w.get(p + "self_attn.o_proj.weight"), c.hidden()));
            float[] h2 = rmsNorm(x, w.get(p + "post_attention_layernorm.weight"));
            float[] gateUp = matVec(h2, w.get(p + "mlp.gate_up_proj.weight"), 2 * c.intermediate());
            float[] act = new float[c.intermediate()];
            for (int i = 0; i < act.length; i++) {
                double g = gateUp[i];
                act[i] = (float) (g / (1 + Math.exp(-g)) * gateUp[c.intermediate() + i]);
            }
            add(x, matVec(act, w.get(p + "mlp.down_proj.weight"), c.hidden()));
        }
        cache.length++;
        float[] h = rmsNorm(x, w.get("model.norm.weight"));
        if (c.tiedHead()) {
            float[] embed = w.get("model.embed_tokens.weight");
            float[] logits = new float[c.vocabSize()];
            for (int v = 0; v < c.vocabSize(); v++) {
                double s = 0;
                for (int i = 0; i < c.hidden(); i++) {
                    s += h[i] * embed[v * c.hidden() + i];
                }
                logits[v] = (float) s;
            }
            return logits;
        }
        return matVec(h, w.get("lm_head.weight"), c.vocabSize());
    }

    /** Phi-3's rotary embedding ("rotate half": element i pairs with i + headDim/2). */
    private void rope(float[] v, int offset, int pos) {
        int half = c.headDim() / 2;
        for (int i = 0; i < half; i++) {
            float angle = pos * invFreq[i];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double a = v[offset + i];
            double b = v[offset + half + i];
            v[offset + i] = (float) (a * cos - b * sin);
            v[offset + half + i] = (float) (b * cos + a * sin);
        }
    }

    private float[] rmsNorm(float[] x, float[] weight) {
        double sq = 0;
        for (float v : x) {
            sq += v * (double) v;
        }
        double inv = 1.0 / Math.sqrt(sq / x.length + c.rmsEps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * inv * weight[i]);
        }
        return out;
    }

    /** {@code x · W} with W stored [in, out] row-major. */
    private static float[] matVec(float[] x, float[] weight, int out) {
        double[] acc = new double[out];
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            int row = i * out;
            for (int j = 0; j < out; j++) {
                acc[j] += xi * weight[row + j];
            }
        }
        float[] result = new float[out];
        for (int j = 0; j < out; j++) {
            result[j] = (float) acc[j];
        }
        return result;
    }

    private static void add(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
