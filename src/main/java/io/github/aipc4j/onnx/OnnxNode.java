package io.github.aipc4j.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * A node ({@code NodeProto}), built fluently; each call returns a new node:
 * {@code OnnxNode.op("Add").inputs("a", "b").outputs("c")}. An empty input name ("") skips an optional input.
 */
public record OnnxNode(String opType, List<String> inputs, List<String> outputs, String name, String domain,
        List<OnnxAttribute> attributes, String docString) {

    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    public static OnnxNode op(String opType) {
        return new OnnxNode(opType, List.of(), List.of(), null, null, List.of(), null);
    }

    public OnnxNode inputs(String... names) {
        return new OnnxNode(opType, List.of(names), outputs, name, domain, attributes, docString);
    }

    public OnnxNode outputs(String... names) {
        return new OnnxNode(opType, inputs, List.of(names), name, domain, attributes, docString);
    }

    public OnnxNode name(String nodeName) {
        return new OnnxNode(opType, inputs, outputs, nodeName, domain, attributes, docString);
    }

    /** The operator set domain, e.g. "com.microsoft"; the model must import it. */
    public OnnxNode domain(String opDomain) {
        return new OnnxNode(opType, inputs, outputs, name, opDomain, attributes, docString);
    }

    public OnnxNode docString(String doc) {
        return new OnnxNode(opType, inputs, outputs, name, domain, attributes, doc);
    }

    public OnnxNode attribute(OnnxAttribute attribute) {
        List<OnnxAttribute> all = new ArrayList<>(attributes);
        all.add(attribute);
        return new OnnxNode(opType, inputs, outputs, name, domain, all, docString);
    }

    public OnnxNode attribute(String attrName, long value) {
        return attribute(OnnxAttribute.of(attrName, value));
    }

    public OnnxNode attribute(String attrName, float value) {
        return attribute(OnnxAttribute.of(attrName, value));
    }

    public OnnxNode attribute(String attrName, String value) {
        return attribute(OnnxAttribute.of(attrName, value));
    }

    public OnnxNode attribute(String attrName, OnnxTensor value) {
        return attribute(OnnxAttribute.of(attrName, value));
    }

    public OnnxNode attribute(String attrName, OnnxGraph value) {
        return attribute(OnnxAttribute.of(attrName, value));
    }

    /** Fields in number order: input=1, output=2, name=3, op_type=4, attribute=5, doc_string=6, domain=7. */
    void writeTo(ProtoWriter w) {
        inputs.forEach(s -> w.string(1, s));
        outputs.forEach(s -> w.string(2, s));
        if (name != null) {
            w.string(3, name);
        }
        w.string(4, opType);
        attributes.forEach(a -> w.message(5, a::writeTo));
        if (docString != null) {
            w.string(6, docString);
        }
        if (domain != null) {
            w.string(7, domain);
        }
    }
}
