package io.github.aipc4j.modelfactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model's weights, generated deterministically: each tensor from its own random stream seeded by the config
 * seed and the tensor's name, so the same parameters always give the same bytes. Matrices are stored
 * {@code [in, out]} row-major, the layout ONNX {@code MatMul(x, W)} uses. With fp16 storage the values are rounded
 * to fp16 here, so every format and the reference computes with exactly the stored weights.
 */
public final class Phi3Weights {
    private final Phi3Config config;
    private final Map<String, float[]> tensors = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();

    private java.util.function.BiConsumer<Integer, Integer> progress;
    private int total;

    private Phi3Weights(Phi3Config config) {
        this.config = config;
    }

    public static Phi3Weights generate(Phi3Config c) {
        return generate(c, (done, total) -> {
        });
    }

    /** As {@link #generate(Phi3Config)}, reporting (tensors done, tensors in all) after each tensor. */
    public static Phi3Weights generate(Phi3Config c, java.util.function.BiConsumer<Integer, Integer> progress) {
        Phi3Weights w = new Phi3Weights(c);
        w.progress = progress;
        w.total = 2 + 6 * c.layers() + (c.tiedHead() ? 0 : 1);
        // std ~ 1/sqrt(fan_in) keeps activations O(1) so logits differ clearly between tokens
        w.add("model.embed_tokens.weight", 1.0, c.vocabSize(), c.hidden());
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            w.norm(p + "input_layernorm.weight", c.hidden());
            w.add(p + "self_attn.qkv_proj.weight", 1.0 / Math.sqrt(c.hidden()), c.hidden(), c.qkvWidth());
            w.add(p + "self_attn.o_proj.weight", 1.0 / Math.sqrt(c.heads() * c.headDim()), c.heads() * c.headDim(), c.hidden());
            w.norm(p + "post_attention_layernorm.weight", c.hidden());
            w.add(p + "mlp.gate_up_proj.weight", 1.0 / Math.sqrt(c.hidden()), c.hidden(), 2 * c.intermediate());
            w.add(p + "mlp.down_proj.weight", 1.0 / Math.sqrt(c.intermediate()), c.intermediate(), c.hidden());
        }
        w.norm("model.norm.weight", c.hidden());
        if (!c.tiedHead()) {
            w.add("lm_head.weight", 1.0 / Math.sqrt(c.hidden()), c.hidden(), c.vocabSize());
        }
        return w;
    }

    private void add(String name, double std, int rows, int cols) {
        float[] values = new float[Math.multiplyExact(rows, cols)];
        SplittableRandom random = stream(name);
        for (int i = 0; i < values.length; i++) {
            values[i] = stored((float) (random.nextGaussian() * std));
        }
        tensors.put(name, values);
        shapes.put(name, new int[] {rows, cols});
        progress.accept(tensors.size(), total);
    }

    private void norm(String name, int size) {
        float[] values = new float[size];
        SplittableRandom random = stream(name);
        for (int i = 0; i < size; i++) {
            values[i] = stored((float) (1.0 + 0.1 * random.nextGaussian()));
        }
        tensors.put(name, values);
        shapes.put(name, new int[] {size});
        progress.accept(tensors.size(), total);
    }

    private SplittableRandom stream(String name) {
        long h = config.seed() * 0x9E3779B97F4A7C15L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        return new SplittableRandom(h);
    }

    private float stored(float value) {
        return config.weightType() == Phi3Config.WeightType.FP16 ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }

    public Phi3Config config() {
        return config;
    }

    /** The tensor's values (the stored precision, widened to float). */
    public float[] get(String name) {
        float[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weight " + name);
        }
        return t;
    }

    public int[] shape(String name) {
        return shapes.get(name).clone();
    }

    /** Tensor names in a fixed order. */
    public Iterable<String> names() {
        return tensors.keySet();
    }

    /** The LM head as [hidden, vocab]: the transposed embedding when tied. */
    public String headName() {
        return config.tiedHead() ? "model.embed_tokens.weight" : "lm_head.weight";
    }
}
