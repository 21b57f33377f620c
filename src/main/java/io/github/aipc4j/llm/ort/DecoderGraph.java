package io.github.aipc4j.llm.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.ort.NodeInfo;
import io.github.aipc4j.ort.Session;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decoder graph as the ORT engine binds it, checked once against the loaded session: the names of the inputs
 * and outputs (as Java strings for messages, and as C strings in the backend's arena for the binding calls), their
 * element types, and the KV cache's shape. KV slot {@code 2 * layer} is a layer's key, {@code 2 * layer + 1} its
 * value. Immutable.
 */
final class DecoderGraph {
    private static final Set<ElementType> INDEX_TYPES = EnumSet.of(ElementType.INT64, ElementType.INT32);
    private static final Set<ElementType> KV_TYPES = EnumSet.of(ElementType.FLOAT32, ElementType.FLOAT16, ElementType.BFLOAT16);

    final int layers;
    final int kvHeads;
    final int headSize;
    final int context;
    final int vocab;
    final boolean shareBuffer;

    final Input ids;
    /** Null when the graph has no attention mask input. */
    final Input mask;
    /** Null when the graph has no position ids input (the converter's GroupQueryAttention models). */
    final Input positions;
    final ElementType kvType;
    final String logitsName;
    final long logitsNative;
    final String[] pastNames;
    final String[] presentNames;
    final long[] pastNative;
    final long[] presentNative;

    /** An index-typed input (token ids, mask, positions): INT64 or INT32. */
    record Input(String name, long nativeName, ElementType type) {
        int bytes() {
            return type == ElementType.INT64 ? 8 : 4;
        }
    }

    private DecoderGraph(ModelConfig c, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, Arena names) {
        layers = c.layers();
        kvHeads = c.kvHeads();
        headSize = c.headSize();
        context = c.contextLength();
        vocab = c.vocabSize();
        shareBuffer = c.shareBuffer();
        Set<String> fed = new HashSet<>();

        ids = index(inputs, c.inputIds(), true, names, fed);
        mask = index(inputs, c.attentionMask(), false, names, fed);
        positions = index(inputs, c.positionIds(), false, names, fed);

        int slots = 2 * layers;
        pastNames = new String[slots];
        presentNames = new String[slots];
        pastNative = new long[slots];
        presentNative = new long[slots];
        ElementType type = null;
        for (int i = 0; i < slots; i++) {
            pastNames[i] = c.pastName(i / 2, i % 2 == 1);
            presentNames[i] = c.presentName(i / 2, i % 2 == 1);
            NodeInfo past = require(inputs, pastNames[i], "input", "num_hidden_layers is " + layers);
            require(outputs, presentNames[i], "output", "num_hidden_layers is " + layers);
            fed.add(pastNames[i]);
            if (!KV_TYPES.contains(past.info().elementType())) {
                throw invalid("KV input '" + pastNames[i] + "' is " + past.info().elementType() + "; the ort engine "
                        + "caches FLOAT32, FLOAT16 or BFLOAT16");
            }
            if (type != null && type != past.info().elementType()) {
                throw invalid("KV inputs mix " + type + " and " + past.info().elementType());
            }
            type = past.info().elementType();
            long[] shape = past.info().shape();
            if (shape.length != 4) {
                throw invalid("KV input '" + pastNames[i] + "' has rank " + shape.length + ", expected [batch, kv_heads, "
                        + "past_sequence, head_size]");
            }
            check(shape[1], kvHeads, pastNames[i], "num_key_value_heads");
            check(shape[3], headSize, pastNames[i], "head_size");
            if (shape[2] > 0) {
                throw invalid("KV input '" + pastNames[i] + "' has a fixed sequence length " + shape[2]
                        + " (a static cache); the ort engine supports graphs with a symbolic past length");
            }
            pastNative[i] = names.allocateFrom(pastNames[i]).address();
            presentNative[i] = names.allocateFrom(presentNames[i]).address();
        }
        kvType = type;

        logitsName = c.logits();
        NodeInfo logits = require(outputs, logitsName, "output", null);
        if (logits.info().elementType() != ElementType.FLOAT32) {
            throw invalid("the logits are " + logits.info().elementType() + "; the ort engine samples FLOAT32 logits "
                    + "(use the genai engine for this model)");
        }
        long[] ls = logits.info().shape();
        if (ls.length != 3 || (ls[2] > 0 && ls[2] != vocab)) {
            throw invalid("the logits have shape " + Arrays.toString(ls) + "; expected [batch, sequence, "
                    + vocab + "] (vocab_size)");
        }
        logitsNative = names.allocateFrom(logitsName).address();

        List<String> unfed = new ArrayList<>();
        for (String name : inputs.keySet()) {
            if (!fed.contains(name)) {
                unfed.add(name);
            }
        }
        if (!unfed.isEmpty()) {
            throw invalid("the graph has inputs the ort engine does not feed: " + unfed + " (it feeds input ids, "
                    + "attention mask, position ids and the past keys/values named in genai_config.json)");
        }
    }

    /**
     * Checks the session against the configuration.
     *
     * @throws IllegalArgumentException naming what does not match
     */
    static DecoderGraph of(ModelConfig config, Session session, Arena names) {
        Map<String, NodeInfo> in = new LinkedHashMap<>();
        session.inputs().forEach(n -> in.put(n.name(), n));
        Map<String, NodeInfo> out = new LinkedHashMap<>();
        session.outputs().forEach(n -> out.put(n.name(), n));
        try {
            return new DecoderGraph(config, in, out, names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.modelFile() + " does not match genai_config.json: " + e.getMessage(), e);
        }
    }

    /** Bytes of one cached position of one layer's keys (or values): kv_heads × head_size elements. */
    long positionBytes() {
        return kvType.byteSize((long) kvHeads * headSize);
    }

    private static Input index(Map<String, NodeInfo> inputs, String name, boolean required, Arena names, Set<String> fed) {
        NodeInfo node = inputs.get(name);
        if (node == null) {
            if (required) {
                throw invalid("the graph has no input '" + name + "'; its inputs are " + inputs.keySet());
            }
            return null;
        }
        ElementType type = node.info().elementType();
        if (!INDEX_TYPES.contains(type)) {
            throw invalid("input '" + name + "' is " + type + ", expected INT64 or INT32");
        }
        fed.add(name);
        return new Input(name, names.allocateFrom(name).address(), type);
    }

    private static NodeInfo require(Map<String, NodeInfo> nodes, String name, String kind, String hint) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw invalid("the graph has no " + kind + " '" + name + "'" + (hint == null ? "" : " (" + hint + ")")
                    + "; its " + kind + "s are " + nodes.keySet());
        }
        return node;
    }

    private static void check(long dim, int expected, String name, String key) {
        if (dim > 0 && dim != expected) {
            throw invalid("KV input '" + name + "' has " + dim + " where " + key + " says " + expected);
        }
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }
}
