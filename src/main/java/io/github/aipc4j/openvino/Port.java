package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_partial_shape;
import io.github.aipc4j.core.ElementType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * An input or output of a {@link Model} or {@link CompiledModel}, read once: its tensor name, element type and
 * (partial) shape. A snapshot: after {@link Model#reshape} read the ports again.
 */
public final class Port {
    private final boolean input;
    private final int index;
    private final String name;
    private final int ovType;
    private final PartialShape shape;

    private Port(boolean input, int index, String name, int ovType, PartialShape shape) {
        this.input = input;
        this.index = index;
        this.name = name;
        this.ovType = ovType;
        this.shape = shape;
    }

    /** Reads an {@code ov_output_const_port_t} (does not free it). */
    /** Writes the port of {@code index} into {@code out} and returns the status ({@code ov_*_by_index}). */
    @FunctionalInterface
    interface ByIndex {
        int get(long index, MemorySegment out);
    }

    /**
     * Every input or output port of a model or compiled model: {@code count} writes how many there are,
     * {@code byIndex} fetches each one, which is read and freed at once.
     */
    static List<Port> readAll(String owner, boolean input, ToIntFunction<MemorySegment> count, ByIndex byIndex) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
            Ov.call("counting the " + owner + "'s " + (input ? "inputs" : "outputs"), () -> count.applyAsInt(size));
            long n = size.get(ValueLayout.JAVA_LONG, 0);
            List<Port> ports = new ArrayList<>();
            MemorySegment out = arena.allocate(Ov.POINTER);
            for (int i = 0; i < n; i++) {
                long index = i;
                Ov.call("reading " + (input ? "input " : "output ") + i, () -> byIndex.get(index, out));
                MemorySegment port = out.get(Ov.POINTER, 0);
                try {
                    ports.add(read(port, input, i));
                } finally {
                    openvino_h.ov_output_const_port_free(port);
                }
            }
            return List.copyOf(ports);
        }
    }

    static Port read(MemorySegment port, boolean input, int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Ov.POINTER);
            String name;
            Ov.LOCK.lock();
            try {
                // a tensor without names makes get_any_name throw; such a port is reachable by index only
                int status = openvino_h.ov_port_get_any_name(port, out);
                name = status == 0 ? Ov.takeString(out) : "";
            } finally {
                Ov.LOCK.unlock();
            }
            MemorySegment type = arena.allocate(ValueLayout.JAVA_INT);
            Ov.call("reading the element type of " + what(input, index, name),
                    () -> openvino_h.ov_port_get_element_type(port, type));
            MemorySegment partial = ov_partial_shape.allocate(arena);
            Ov.call("reading the shape of " + what(input, index, name),
                    () -> openvino_h.ov_port_get_partial_shape(port, partial));
            PartialShape shape;
            try {
                shape = PartialShape.read(partial);
            } finally {
                openvino_h.ov_partial_shape_free(partial);
            }
            return new Port(input, index, name, type.get(ValueLayout.JAVA_INT, 0), shape);
        }
    }

    private static String what(boolean input, int index, String name) {
        return (input ? "input " : "output ") + index + (name == null || name.isEmpty() ? "" : " '" + name + "'");
    }

    public boolean isInput() {
        return input;
    }

    /** The position among the model's inputs or outputs. */
    public int index() {
        return index;
    }

    /** One of the tensor's names ({@code get_any_name}); empty when the tensor has none. */
    public String name() {
        return name;
    }

    /** The element type; throws {@link UnsupportedOperationException} for types aipc4j has no equivalent of. */
    public ElementType elementType() {
        ElementType type = OvElementTypes.fromOv(ovType);
        if (type == null) {
            throw new UnsupportedOperationException(what(input, index, name) + " has element type "
                    + OvElementTypes.name(ovType) + ", which aipc4j does not support");
        }
        return type;
    }

    /** OpenVINO's name of the element type: {@code f32}, {@code i64}, {@code u1}, {@code dynamic}… */
    public String ovElementType() {
        return OvElementTypes.name(ovType);
    }

    public PartialShape shape() {
        return shape;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Port p && p.input == input && p.index == index && p.name.equals(name) && p.ovType == ovType
                && p.shape.equals(shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, index, name, ovType, shape);
    }

    /** e.g. {@code input 0 'input_ids' i64 [?,?]}. */
    @Override
    public String toString() {
        return what(input, index, name) + " " + ovElementType() + " " + shape;
    }
}
