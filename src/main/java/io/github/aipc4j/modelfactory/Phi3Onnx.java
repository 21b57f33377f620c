package io.github.aipc4j.modelfactory;

import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.onnx.OnnxAttribute;
import io.github.aipc4j.onnx.OnnxGraph;
import io.github.aipc4j.onnx.OnnxModel;
import io.github.aipc4j.onnx.OnnxNode;
import io.github.aipc4j.onnx.OnnxTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Phi-3 decoder as an ONNX graph of plain standard ops (opset 17), with the key/value cache as explicit inputs
 * and outputs named as ONNX Runtime GenAI expects: inputs {@code input_ids}, {@code attention_mask},
 * {@code position_ids}, {@code past_key_values.N.key/value} [batch, kv_heads, past, head_dim]; outputs
 * {@code logits} [batch, seq, vocab] and {@code present.N.key/value} [batch, kv_heads, past + seq, head_dim].
 * Grouped-query attention works on 5-D tensors [batch, kv_heads, group, seq, head_dim] so that keys and values
 * broadcast over the group instead of being copied. fp16 weights are stored as fp16 and cast to fp32 where used.
 */
public final class Phi3Onnx {
    private final Phi3Config c;
    private final Phi3Weights w;
    private final OnnxGraph.Builder g;
    private int counter;

    private Phi3Onnx(Phi3Weights weights) {
        this.w = weights;
        this.c = weights.config();
        this.g = OnnxGraph.builder("phi3");
    }

    public static OnnxModel build(Phi3Weights weights) {
        return new Phi3Onnx(weights).model();
    }

    private OnnxModel model() {
        String past = "past_sequence_length";
        String total = "total_sequence_length";
        g.input("input_ids", ElemType.INT64, "batch_size", "sequence_length");
        g.input("attention_mask", ElemType.INT64, "batch_size", total);
        g.input("position_ids", ElemType.INT64, "batch_size", "sequence_length");
        for (int l = 0; l < c.layers(); l++) {
            g.input("past_key_values." + l + ".key", ElemType.FLOAT, "batch_size", c.kvHeads(), past, c.headDim());
            g.input("past_key_values." + l + ".value", ElemType.FLOAT, "batch_size", c.kvHeads(), past, c.headDim());
        }
        g.output("logits", ElemType.FLOAT, "batch_size", "sequence_length", c.vocabSize());
        for (int l = 0; l < c.layers(); l++) {
            g.output("present." + l + ".key", ElemType.FLOAT, "batch_size", c.kvHeads(), total, c.headDim());
            g.output("present." + l + ".value", ElemType.FLOAT, "batch_size", c.kvHeads(), total, c.headDim());
        }
        constants();
        for (String name : w.names()) {
            int[] shape = w.shape(name);
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[i];
            }
            g.initializer(tensor(name, dims, w.get(name)));
        }

        String embedding = weight("model.embed_tokens.weight");
        String x = op("Gather", embedding, "input_ids");
        String[] rope = rotary();
        String valid = validKeys();
        for (int l = 0; l < c.layers(); l++) {
            x = layer(l, x, rope, valid);
        }
        String h = rmsNorm(x, "model.norm.weight");
        String head = c.tiedHead() ? node(OnnxNode.op("Transpose").inputs(embedding).attribute(OnnxAttribute.ints("perm", 1, 0)))
                : weight("lm_head.weight");
        g.node(OnnxNode.op("MatMul").inputs(h, head).outputs("logits").name("lm_head"));
        return OnnxModel.builder()
                .producer("aipc4j-modelfactory", "1")
                .docString("Phi-3-architecture decoder with synthetic weights (seed " + c.seed() + ")")
                .graph(g.build())
                .build();
    }

    private void constants() {
        g.initializer(OnnxTensor.scalar("const.eps", (float) c.rmsEps()));
        g.initializer(OnnxTensor.scalar("const.scale", (float) (1.0 / Math.sqrt(c.headDim()))));
        g.initializer(OnnxTensor.scalar("const.lowest", -Float.MAX_VALUE));
        g.initializer(OnnxTensor.scalar("const.zero", 0L));
        g.initializer(OnnxTensor.scalar("const.one", 1L));
        float[] invFreq = new float[c.headDim() / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(c.ropeTheta(), 2.0 * i / c.headDim()));
        }
        g.initializer(OnnxTensor.floats("const.inv_freq", new long[] {invFreq.length}, invFreq));
        int group = c.heads() / c.kvHeads();
        longs("const.shape_q", 0, 0, c.kvHeads(), group, c.headDim());
        longs("const.shape_kv", 0, 0, c.kvHeads(), c.headDim());
        longs("const.shape_out", 0, 0, (long) c.heads() * c.headDim());
        longs("const.axes_0", 0);
        longs("const.axes_1", 1);
        longs("const.axes_2", 2);
        longs("const.axes_01", 0, 1);
        longs("const.axes_12", 1, 2);
        longs("const.axes_012", 0, 1, 2);
        longs("const.axes_123", 1, 2, 3);
        longs("const.axis_last", -1);
        longs("const.half_start", 0);
        longs("const.half_mid", c.headDim() / 2);
        longs("const.half_end", c.headDim());
    }

    private void longs(String name, long... values) {
        g.initializer(OnnxTensor.longs(name, new long[] {values.length}, values));
    }

    /** cos and sin of position × inverse frequency, as [batch, 1, seq, head_dim] and [batch, 1, 1, seq, head_dim]. */
    private String[] rotary() {
        String pos = node(OnnxNode.op("Cast").inputs("position_ids").attribute("to", (long) ElemType.FLOAT.code()));
        String freqs = op("Mul", op("Unsqueeze", pos, "const.axes_2"), "const.inv_freq");
        String emb = node(OnnxNode.op("Concat").inputs(freqs, freqs).attribute("axis", -1L));
        String cos = op("Cos", emb);
        String sin = op("Sin", emb);
        return new String[] {op("Unsqueeze", cos, "const.axes_1"), op("Unsqueeze", sin, "const.axes_1"),
                op("Unsqueeze", cos, "const.axes_12"), op("Unsqueeze", sin, "const.axes_12")};
    }

    /**
     * Which keys each query may see, [batch, 1, 1, seq, total]: causal (key j ≤ past + i) and not padding
     * (attention_mask 1).
     */
    private String validKeys() {
        String seq = node(OnnxNode.op("Shape").inputs("input_ids").attribute("start", 1L).attribute("end", 2L));
        String total = node(OnnxNode.op("Shape").inputs("attention_mask").attribute("start", 1L).attribute("end", 2L));
        String past = op("Sub", total, seq);
        String totalScalar = op("Squeeze", total, "const.axes_0");
        String pastScalar = op("Squeeze", past, "const.axes_0");
        String keys = op("Range", "const.zero", totalScalar, "const.one");
        String queries = op("Range", pastScalar, totalScalar, "const.one");
        String causal = op("LessOrEqual", op("Unsqueeze", keys, "const.axes_0"), op("Unsqueeze", queries, "const.axes_1"));
        String mask = node(OnnxNode.op("Cast").inputs("attention_mask").attribute("to", (long) ElemType.BOOL.code()));
        return op("And", op("Unsqueeze", causal, "const.axes_012"), op("Unsqueeze", mask, "const.axes_123"));
    }

    private String layer(int l, String x, String[] rope, String valid) {
        String p = "model.layers." + l + ".";
        int qWidth = c.heads() * c.headDim();
        int kvWidth = c.kvHeads() * c.headDim();
        String h = rmsNorm(x, p + "input_layernorm.weight");
        String qkv = op("MatMul", h, weight(p + "self_attn.qkv_proj.weight"));
        String q = slice(qkv, 0, qWidth, 2);
        String k = slice(qkv, qWidth, qWidth + kvWidth, 2);
        String v = slice(qkv, qWidth + kvWidth, qWidth + 2 * kvWidth, 2);
        String q5 = node(OnnxNode.op("Transpose").inputs(op("Reshape", q, "const.shape_q"))
                .attribute(OnnxAttribute.ints("perm", 0, 2, 3, 1, 4)));
        String k4 = node(OnnxNode.op("Transpose").inputs(op("Reshape", k, "const.shape_kv"))
                .attribute(OnnxAttribute.ints("perm", 0, 2, 1, 3)));
        String v4 = node(OnnxNode.op("Transpose").inputs(op("Reshape", v, "const.shape_kv"))
                .attribute(OnnxAttribute.ints("perm", 0, 2, 1, 3)));
        String qRot = rotate(q5, rope[2], rope[3]);
        String kRot = rotate(k4, rope[0], rope[1]);
        String presentKey = "present." + l + ".key";
        String presentValue = "present." + l + ".value";
        g.node(OnnxNode.op("Concat").inputs("past_key_values." + l + ".key", kRot).outputs(presentKey)
                .name("layer" + l + ".present_key").attribute("axis", 2L));
        g.node(OnnxNode.op("Concat").inputs("past_key_values." + l + ".value", v4).outputs(presentValue)
                .name("layer" + l + ".present_value").attribute("axis", 2L));
        String keys = node(OnnxNode.op("Transpose").inputs(op("Unsqueeze", presentKey, "const.axes_2"))
                .attribute(OnnxAttribute.ints("perm", 0, 1, 2, 4, 3)));
        String values = op("Unsqueeze", presentValue, "const.axes_2");
        String scores = op("Mul", op("MatMul", qRot, keys), "const.scale");
        String probs = node(OnnxNode.op("Softmax").inputs(op("Where", valid, scores, "const.lowest")).attribute("axis", -1L));
        String context = node(OnnxNode.op("Transpose").inputs(op("MatMul", probs, values))
                .attribute(OnnxAttribute.ints("perm", 0, 3, 1, 2, 4)));
        String attention = op("MatMul", op("Reshape", context, "const.shape_out"), weight(p + "self_attn.o_proj.weight"));
        x = op("Add", x, attention);
        String h2 = rmsNorm(x, p + "post_attention_layernorm.weight");
        String gateUp = op("MatMul", h2, weight(p + "mlp.gate_up_proj.weight"));
        String gate = slice(gateUp, 0, c.intermediate(), 2);
        String up = slice(gateUp, c.intermediate(), 2L * c.intermediate(), 2);
        String activated = op("Mul", op("Mul", gate, op("Sigmoid", gate)), up);
        return op("Add", x, op("MatMul", activated, weight(p + "mlp.down_proj.weight")));
    }

    /** x·cos + rotate_half(x)·sin over the last axis (Phi-3's "rotate half" rotary embedding). */
    private String rotate(String x, String cos, String sin) {
        String first = op("Slice", x, "const.half_start", "const.half_mid", "const.axis_last");
        String second = op("Slice", x, "const.half_mid", "const.half_end", "const.axis_last");
        String rotated = node(OnnxNode.op("Concat").inputs(op("Neg", second), first).attribute("axis", -1L));
        return op("Add", op("Mul", x, cos), op("Mul", rotated, sin));
    }

    private String rmsNorm(String x, String weightName) {
        String meanSquare = node(OnnxNode.op("ReduceMean").inputs(op("Mul", x, x))
                .attribute(OnnxAttribute.ints("axes", -1)).attribute("keepdims", 1L));
        String normalized = op("Div", x, op("Sqrt", op("Add", meanSquare, "const.eps")));
        return op("Mul", normalized, weight(weightName));
    }

    private String slice(String x, long start, long end, long axis) {
        String s = "const.slice_" + start + "_" + end + "_" + axis;
        if (!sliceConstants.contains(s)) {
            sliceConstants.add(s);
            longs(s + ".starts", start);
            longs(s + ".ends", end);
            longs(s + ".axes", axis);
        }
        return op("Slice", x, s + ".starts", s + ".ends", s + ".axes");
    }

    private final java.util.Set<String> sliceConstants = new java.util.HashSet<>();

    /** A weight as float32: the initializer itself, or a Cast of the fp16 initializer. */
    private String weight(String name) {
        if (c.weightType() == Phi3Config.WeightType.FP32) {
            return name;
        }
        String cast = name + ".fp32";
        if (castWeights.add(name)) {
            g.node(OnnxNode.op("Cast").inputs(name).outputs(cast).name(cast).attribute("to", (long) ElemType.FLOAT.code()));
        }
        return cast;
    }

    private final java.util.Set<String> castWeights = new java.util.HashSet<>();

    private OnnxTensor tensor(String name, long[] dims, float[] values) {
        if (c.weightType() == Phi3Config.WeightType.FP32) {
            return OnnxTensor.floats(name, dims, values);
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putShort(Float.floatToFloat16(v));
        }
        return OnnxTensor.raw(name, ElemType.FLOAT16, dims, bytes.array());
    }

    private String op(String type, String... inputs) {
        return node(OnnxNode.op(type).inputs(inputs));
    }

    /** Adds the node with a fresh output name (its op type and a counter) and returns that name. */
    private String node(OnnxNode node) {
        String out = node.opType().toLowerCase() + "_" + counter++;
        g.node(node.outputs(out).name(out));
        return out;
    }
}
