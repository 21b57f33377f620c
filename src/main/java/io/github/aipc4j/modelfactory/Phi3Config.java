package io.github.aipc4j.modelfactory;

/**
 * The shape of a Phi-3-architecture decoder: token embedding, per layer RMSNorm → attention with rotary position
 * embeddings (fused QKV projection; grouped-query when {@code kvHeads < heads}) → residual → RMSNorm → SwiGLU MLP
 * (fused gate/up projection) → residual, final RMSNorm, LM head (tied to the embedding or not).
 *
 * @param vocabSize    logits width (Phi-3: 32064, of which 32011 are tokenizer ids)
 * @param hidden       model width
 * @param layers       decoder layers
 * @param heads        attention heads
 * @param kvHeads      key/value heads (divides {@code heads})
 * @param headDim      width of one head
 * @param intermediate MLP width
 * @param context      context length (positions the model is meant for)
 * @param ropeTheta    rotary base (Phi-3: 10000)
 * @param rmsEps       RMSNorm epsilon (Phi-3: 1e-5)
 * @param tiedHead     LM head shares the embedding matrix
 * @param weightType   how weights are stored in the files
 * @param seed         weights are a pure function of the seed and the tensor's name
 */
public record Phi3Config(int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate,
                         int context, double ropeTheta, double rmsEps, boolean tiedHead, WeightType weightType, long seed) {

    /** Storage type of the weights. Computation is float32 in every format. */
    public enum WeightType { FP32, FP16 }

    public static final int PHI3_VOCAB = 32064;

    public Phi3Config {
        positive("vocabSize", vocabSize);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("intermediate", intermediate);
        positive("context", context);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even for rotary embeddings, got " + headDim);
        }
        if (weightType == null) {
            throw new IllegalArgumentException("weightType is required");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /**
     * Tests: 2 layers, hidden 32, GQA 4/2 heads, Phi-3's vocabulary width, untied head (as Phi-3; a tied head makes
     * such a small random model repeat one token); about 8 MB of fp32 weights.
     */
    public static Phi3Config tiny() {
        return new Phi3Config(PHI3_VOCAB, 32, 2, 4, 2, 8, 64, 256, 10000, 1e-5, false, WeightType.FP32, 1);
    }

    /** Compute-dominated experiments: 8 layers × hidden 1024, 16 heads, fp16 weights (about 250 MB). */
    public static Phi3Config bench() {
        return new Phi3Config(PHI3_VOCAB, 1024, 8, 16, 16, 64, 2816, 2048, 10000, 1e-5, false, WeightType.FP16, 1);
    }

    public int qkvWidth() {
        return (heads + 2 * kvHeads) * headDim;
    }

    public Phi3Config withWeightType(WeightType type) {
        return new Phi3Config(vocabSize, hidden, layers, heads, kvHeads, headDim, intermediate, context, ropeTheta, rmsEps,
                tiedHead, type, seed);
    }

    public Phi3Config withSeed(long newSeed) {
        return new Phi3Config(vocabSize, hidden, layers, heads, kvHeads, headDim, intermediate, context, ropeTheta, rmsEps,
                tiedHead, weightType, newSeed);
    }
}
