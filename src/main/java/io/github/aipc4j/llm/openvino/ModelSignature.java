package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.openvino.CompiledModel;
import io.github.aipc4j.openvino.Dimension;
import io.github.aipc4j.openvino.PartialShape;
import io.github.aipc4j.openvino.Port;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decoder's inputs and outputs, by port index, checked once when the model is loaded so that every step can
 * address them by index. Two kinds: a stateful model (optimum-intel layout: {@code input_ids},
 * {@code attention_mask}, {@code position_ids}, {@code beam_idx}; the KV cache lives in the request's variables) and
 * an explicit-KV model ({@code past_key_values.N.key/value} inputs, {@code present.N.key/value} outputs, layout
 * [batch, kv heads, positions, head size]).
 *
 * @param kvSlots  for an explicit-KV model, one per layer and key/value (layer-major, key first); empty when stateful
 * @param kvType   element type of the explicit KV tensors (null when stateful)
 */
record ModelSignature(int inputIds, ElementType idsType, int attentionMask, ElementType maskType, int positionIds,
                      ElementType positionsType, int beamIdx, int logits, long logitsWidth, List<KvSlot> kvSlots,
                      int kvHeads, int headSize, ElementType kvType) {

    /** One past input and the present output that continues it. */
    record KvSlot(String name, int pastInput, int presentOutput) {
    }

    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");

    boolean stateful() {
        return kvSlots.isEmpty();
    }

    static ModelSignature of(CompiledModel compiled, String what) {
        List<Port> inputs = compiled.inputs();
        List<Port> outputs = compiled.outputs();
        int ids = -1;
        int mask = -1;
        int positions = -1;
        int beam = -1;
        List<Port> past = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Port p : inputs) {
            switch (p.name()) {
                case "input_ids" -> ids = p.index();
                case "attention_mask" -> mask = p.index();
                case "position_ids" -> positions = p.index();
                case "beam_idx" -> beam = p.index();
                default -> {
                    if (PAST.matcher(p.name()).matches()) {
                        past.add(p);
                    } else {
                        unknown.add(p.name().isEmpty() ? "#" + p.index() : p.name());
                    }
                }
            }
        }
        if (ids < 0 || !unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " is not a decoder the openvino engine can drive: its inputs are "
                    + names(inputs) + (ids < 0 ? "; input_ids is missing" : "; unknown inputs " + unknown)
                    + " (expected input_ids, attention_mask, position_ids, and beam_idx for a stateful model or "
                    + "past_key_values.N.key/value for an explicit KV cache)");
        }
        if (!past.isEmpty() && beam >= 0) {
            throw new IllegalArgumentException(what + " has both beam_idx and past_key_values inputs: "
                    + names(inputs));
        }
        int logits = -1;
        for (Port p : outputs) {
            if (p.name().equals("logits")) {
                logits = p.index();
            }
        }
        if (logits < 0) {
            throw new IllegalArgumentException(what + " has no 'logits' output: " + names(outputs));
        }
        Port logitsPort = outputs.get(logits);
        if (logitsPort.elementType() != ElementType.FLOAT32) {
            throw new IllegalArgumentException(what + ": the logits are " + logitsPort.ovElementType()
                    + "; the openvino engine samples float32 logits");
        }
        long width = lastDim(logitsPort.shape());
        ElementType idsType = indexType(inputs.get(ids), what);
        ElementType maskType = mask < 0 ? null : indexType(inputs.get(mask), what);
        ElementType positionsType = positions < 0 ? null : indexType(inputs.get(positions), what);
        if (beam >= 0 && inputs.get(beam).elementType() != ElementType.INT32) {
            throw new IllegalArgumentException(what + ": beam_idx is " + inputs.get(beam).ovElementType()
                    + ", expected i32");
        }
        if (past.isEmpty()) {
            return new ModelSignature(ids, idsType, mask, maskType, positions, positionsType, beam, logits, width,
                    List.of(), 0, 0, null);
        }
        return explicit(ids, idsType, mask, maskType, positions, positionsType, logits, width, past, outputs, what);
    }

    private static ModelSignature explicit(int ids, ElementType idsType, int mask, ElementType maskType, int positions,
                                           ElementType positionsType, int logits, long width, List<Port> past,
                                           List<Port> outputs, String what) {
        int layers = 0;
        for (Port p : past) {
            Matcher m = PAST.matcher(p.name());
            m.matches();
            layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
        }
        List<KvSlot> slots = new ArrayList<>();
        long heads = -1;
        long size = -1;
        ElementType type = null;
        for (int layer = 0; layer < layers; layer++) {
            for (String kind : new String[] {"key", "value"}) {
                String name = "past_key_values." + layer + "." + kind;
                Port in = past.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException(what + " lacks input " + name + " (it has past_key_values inputs "
                                + "for " + pastNames(past) + ")"));
                String presentName = "present." + layer + "." + kind;
                Port out = outputs.stream().filter(p -> p.name().equals(presentName)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException(what + " has input " + name + " but no output " + presentName
                                + ": " + names(outputs)));
                PartialShape shape = in.shape();
                if (shape.isRankDynamic() || shape.rank() != 4 || !shape.get(1).isStatic() || !shape.get(3).isStatic()) {
                    throw new IllegalArgumentException(what + ": " + name + " has shape " + shape + "; the openvino "
                            + "engine needs [batch, kv heads, positions, head size] with static heads and head size");
                }
                if (heads < 0) {
                    heads = shape.get(1).length();
                    size = shape.get(3).length();
                    type = in.elementType();
                } else if (heads != shape.get(1).length() || size != shape.get(3).length() || type != in.elementType()) {
                    throw new IllegalArgumentException(what + ": " + name + " (" + shape + ", " + in.ovElementType()
                            + ") differs from the other KV inputs");
                }
                slots.add(new KvSlot(name, in.index(), out.index()));
            }
        }
        return new ModelSignature(ids, idsType, mask, maskType, positions, positionsType, -1, logits, width,
                List.copyOf(slots), Math.toIntExact(heads), Math.toIntExact(size), type);
    }

    private static String pastNames(List<Port> past) {
        return past.stream().map(Port::name).sorted().toList().toString();
    }

    private static ElementType indexType(Port p, String what) {
        ElementType type = p.elementType();
        if (type != ElementType.INT64 && type != ElementType.INT32) {
            throw new IllegalArgumentException(what + ": " + p.name() + " is " + p.ovElementType()
                    + ", expected i64 or i32");
        }
        return type;
    }

    /** The static last dimension (the vocabulary), or -1 when it is dynamic. */
    private static long lastDim(PartialShape shape) {
        if (shape.isRankDynamic() || shape.rank() == 0) {
            return -1;
        }
        Dimension d = shape.get(shape.rank() - 1);
        return d.isStatic() ? d.length() : -1;
    }

    private static List<String> names(List<Port> ports) {
        return ports.stream().map(p -> p.name().isEmpty() ? "#" + p.index() : p.name()).toList();
    }
}
