package io.github.aipc4j.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * A tensor type ({@code TypeProto.Tensor}): an element type and a shape, or no shape at all (unknown rank).
 *
 * @param shape the dimensions; empty for a scalar; {@code null} for unknown rank
 */
public record OnnxTensorType(ElemType elemType, List<Dim> shape) {

    /** One dimension: a fixed size ({@code dim_value}), a symbolic name ({@code dim_param}), or unknown (neither). */
    public record Dim(Long value, String param) {
        public Dim {
            if (value != null && param != null) {
                throw new IllegalArgumentException("a dimension has a value or a name, not both");
            }
        }

        public static Dim of(long value) {
            return new Dim(value, null);
        }

        public static Dim param(String name) {
            return new Dim(null, name);
        }

        public static Dim unknown() {
            return new Dim(null, null);
        }

        /** Number → fixed, String → symbolic, null → unknown, Dim → itself. */
        public static Dim from(Object o) {
            return switch (o) {
                case null -> unknown();
                case Dim d -> d;
                case Number n -> of(n.longValue());
                case String s -> param(s);
                default -> throw new IllegalArgumentException(
                        "a dimension is a Number, a String (symbolic), a Dim or null, not " + o.getClass().getName());
            };
        }

        void writeTo(ProtoWriter w) {
            if (value != null) {
                w.varint(1, value);
            }
            if (param != null) {
                w.string(2, param);
            }
        }

        @Override
        public String toString() {
            return value != null ? value.toString() : param != null ? param : "?";
        }
    }

    public OnnxTensorType {
        if (elemType == null) {
            throw new IllegalArgumentException("elemType");
        }
        shape = shape == null ? null : List.copyOf(shape);
    }

    /**
     * A tensor type with a known rank; each dim is a Number (fixed), a String (symbolic, dim_param), null (unknown)
     * or a {@link Dim}. No dims means a scalar.
     */
    public static OnnxTensorType of(ElemType elemType, Object... dims) {
        List<Dim> shape = new ArrayList<>(dims.length);
        for (Object d : dims) {
            shape.add(Dim.from(d));
        }
        return new OnnxTensorType(elemType, shape);
    }

    /** A tensor type with fixed dims. */
    public static OnnxTensorType fixed(ElemType elemType, long... dims) {
        List<Dim> shape = new ArrayList<>(dims.length);
        for (long d : dims) {
            shape.add(Dim.of(d));
        }
        return new OnnxTensorType(elemType, shape);
    }

    /**
     * A tensor type without a shape. ONNX Runtime accepts it on graph inputs and outputs; onnx.checker does not (it
     * wants a shape on the main graph's inputs and outputs), so such models fail {@code check_model} but still run.
     */
    public static OnnxTensorType unknownRank(ElemType elemType) {
        return new OnnxTensorType(elemType, null);
    }

    public boolean hasRank() {
        return shape != null;
    }

    /** Writes a {@code TypeProto} (tensor_type=1 → elem_type=1, shape=2 → dim=1). */
    void writeTo(ProtoWriter w) {
        w.message(1, t -> {
            t.varint(1, elemType.code());
            if (shape != null) {
                t.message(2, s -> {
                    for (Dim d : shape) {
                        s.message(1, d::writeTo);
                    }
                });
            }
        });
    }

    @Override
    public String toString() {
        return elemType + (shape == null ? "[?]" : shape.toString());
    }
}
