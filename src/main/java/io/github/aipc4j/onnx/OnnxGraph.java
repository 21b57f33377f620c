package io.github.aipc4j.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * A graph ({@code GraphProto}): nodes, initializers, inputs, outputs and optional value_info. Used as the model's main
 * graph and as GRAPH attributes (Loop/If bodies). Build with {@link #builder(String)}.
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, List<OnnxTensor> initializers, List<ValueInfo> inputs,
        List<ValueInfo> outputs, List<ValueInfo> valueInfo, String docString) {

    /** A named, typed value ({@code ValueInfoProto}: name=1, type=2). */
    public record ValueInfo(String name, OnnxTensorType type) {
        void writeTo(ProtoWriter w) {
            w.string(1, name);
            if (type != null) {
                w.message(2, type::writeTo);
            }
        }
    }

    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        valueInfo = List.copyOf(valueInfo);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Fields in number order: node=1, name=2, initializer=5, doc_string=10, input=11, output=12, value_info=13.
     */
    void writeTo(ProtoWriter w) {
        nodes.forEach(n -> w.message(1, n::writeTo));
        if (name != null) {
            w.string(2, name);
        }
        initializers.forEach(t -> w.message(5, t::writeTo));
        if (docString != null) {
            w.string(10, docString);
        }
        inputs.forEach(v -> w.message(11, v::writeTo));
        outputs.forEach(v -> w.message(12, v::writeTo));
        valueInfo.forEach(v -> w.message(13, v::writeTo));
    }

    public static final class Builder {
        private final String name;
        private final List<OnnxNode> nodes = new ArrayList<>();
        private final List<OnnxTensor> initializers = new ArrayList<>();
        private final List<ValueInfo> inputs = new ArrayList<>();
        private final List<ValueInfo> outputs = new ArrayList<>();
        private final List<ValueInfo> valueInfo = new ArrayList<>();
        private String docString;

        private Builder(String name) {
            this.name = name;
        }

        public Builder input(String valueName, OnnxTensorType type) {
            inputs.add(new ValueInfo(valueName, type));
            return this;
        }

        /** An input; dims as in {@link OnnxTensorType#of}: Number fixed, String symbolic, null unknown; none = scalar. */
        public Builder input(String valueName, ElemType type, Object... dims) {
            return input(valueName, OnnxTensorType.of(type, dims));
        }

        public Builder output(String valueName, OnnxTensorType type) {
            outputs.add(new ValueInfo(valueName, type));
            return this;
        }

        public Builder output(String valueName, ElemType type, Object... dims) {
            return output(valueName, OnnxTensorType.of(type, dims));
        }

        public Builder valueInfo(String valueName, OnnxTensorType type) {
            valueInfo.add(new ValueInfo(valueName, type));
            return this;
        }

        public Builder node(OnnxNode node) {
            nodes.add(node);
            return this;
        }

        /** A constant; a graph input of the same name makes it overridable (IR version 4 and later). */
        public Builder initializer(OnnxTensor tensor) {
            initializers.add(tensor);
            return this;
        }

        /** An initializer that is also a graph input, so a feed may replace its default value. */
        public Builder overridableInitializer(OnnxTensor tensor) {
            input(tensor.name(), tensor.tensorType());
            return initializer(tensor);
        }

        public Builder docString(String doc) {
            this.docString = doc;
            return this;
        }

        public OnnxGraph build() {
            return new OnnxGraph(name, nodes, initializers, inputs, outputs, valueInfo, docString);
        }
    }
}
