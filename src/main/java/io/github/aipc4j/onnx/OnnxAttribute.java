package io.github.aipc4j.onnx;

import java.util.List;

/**
 * A node attribute ({@code AttributeProto}): a name, a type and one value. Make them with the {@code of}/{@code ints}/
 * {@code floats}/{@code strings} factories.
 */
public record OnnxAttribute(String name, Type type, Object value) {

    /** {@code AttributeProto.AttributeType}. */
    public enum Type {
        FLOAT(1), INT(2), STRING(3), TENSOR(4), GRAPH(5), FLOATS(6), INTS(7), STRINGS(8);

        final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static OnnxAttribute of(String name, long value) {
        return new OnnxAttribute(name, Type.INT, value);
    }

    public static OnnxAttribute of(String name, float value) {
        return new OnnxAttribute(name, Type.FLOAT, value);
    }

    public static OnnxAttribute of(String name, String value) {
        return new OnnxAttribute(name, Type.STRING, value);
    }

    public static OnnxAttribute of(String name, OnnxTensor value) {
        return new OnnxAttribute(name, Type.TENSOR, value);
    }

    /** A GRAPH attribute, e.g. the {@code body} of Loop or {@code then_branch}/{@code else_branch} of If. */
    public static OnnxAttribute of(String name, OnnxGraph value) {
        return new OnnxAttribute(name, Type.GRAPH, value);
    }

    public static OnnxAttribute ints(String name, long... values) {
        return new OnnxAttribute(name, Type.INTS, values.clone());
    }

    public static OnnxAttribute floats(String name, float... values) {
        return new OnnxAttribute(name, Type.FLOATS, values.clone());
    }

    public static OnnxAttribute strings(String name, String... values) {
        return new OnnxAttribute(name, Type.STRINGS, List.of(values));
    }

    /**
     * Writes the fields in number order: name=1, f=2, i=3, s=4, t=5, g=6, floats=7, ints=8, strings=9, type=20.
     * Repeated values are unpacked (one tag each), as proto2 declares them.
     */
    void writeTo(ProtoWriter w) {
        w.string(1, name);
        switch (type) {
            case FLOAT -> w.float32(2, (Float) value);
            case INT -> w.varint(3, (Long) value);
            case STRING -> w.string(4, (String) value);
            case TENSOR -> w.message(5, ((OnnxTensor) value)::writeTo);
            case GRAPH -> w.message(6, ((OnnxGraph) value)::writeTo);
            case FLOATS -> {
                for (float f : (float[]) value) {
                    w.float32(7, f);
                }
            }
            case INTS -> {
                for (long i : (long[]) value) {
                    w.varint(8, i);
                }
            }
            case STRINGS -> {
                for (Object s : (List<?>) value) {
                    w.string(9, (String) s);
                }
            }
        }
        w.varint(20, type.code);
    }
}
