package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_partial_shape;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A model read by {@link Core#readModel} ({@code ov_model_t}): its inputs and outputs, and reshaping before
 * compilation. Compiling does not consume it: one model may be compiled for several devices; close it when no more
 * compilations are needed (compiled models do not depend on it). Reading is thread-safe; reshape is not.
 */
public final class Model extends NativeResource {
    Model(MemorySegment handle) {
        super(handle);
    }

    MemorySegment pointer() {
        return handle();
    }

    /** The model's name ({@code ov_model_get_friendly_name}). */
    public String friendlyName() {
        MemorySegment model = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Ov.POINTER);
            Ov.call("reading the model's name", () -> openvino_h.ov_model_get_friendly_name(model, out));
            return Ov.takeString(out);
        }
    }

    /** True when any input or output has a dynamic shape. */
    public boolean isDynamic() {
        return openvino_h.ov_model_is_dynamic(handle());
    }

    public List<Port> inputs() {
        return ports(true);
    }

    public List<Port> outputs() {
        return ports(false);
    }

    /** The input named {@code name}; {@link NoSuchElementException} lists the inputs when there is none. */
    public Port input(String name) {
        return find(inputs(), name, "input");
    }

    public Port output(String name) {
        return find(outputs(), name, "output");
    }

    static Port find(List<Port> ports, String name, String kind) {
        for (Port p : ports) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new NoSuchElementException("no " + kind + " named '" + name + "'; the " + kind + "s are " + ports);
    }

    private List<Port> ports(boolean input) {
        MemorySegment model = handle();
        return Port.readAll("model", input,
                size -> input ? openvino_h.ov_model_inputs_size(model, size) : openvino_h.ov_model_outputs_size(model, size),
                (index, out) -> input ? openvino_h.ov_model_const_input_by_index(model, index, out)
                        : openvino_h.ov_model_const_output_by_index(model, index, out));
    }

    /** Reshapes the input named {@code inputName} ({@code ov_model_reshape_input_by_name}). */
    public void reshape(String inputName, PartialShape shape) {
        MemorySegment model = handle();
        requireStaticRank(shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(inputName);
            MemorySegment shapeStruct = shape.toNative(arena);
            Ov.call("reshaping input '" + inputName + "' to " + shape,
                    () -> openvino_h.ov_model_reshape_input_by_name(model, name, shapeStruct));
        }
    }

    /** Reshapes the model's only input ({@code ov_model_reshape_single_input}). */
    public void reshape(PartialShape shape) {
        MemorySegment model = handle();
        requireStaticRank(shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment shapeStruct = shape.toNative(arena);
            Ov.call("reshaping the single input to " + shape, () -> openvino_h.ov_model_reshape_single_input(model, shapeStruct));
        }
    }

    /** Reshapes input {@code index} ({@code ov_model_reshape_by_port_indexes}). */
    public void reshape(int index, PartialShape shape) {
        MemorySegment model = handle();
        requireStaticRank(shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment indexes = arena.allocateFrom(ValueLayout.JAVA_LONG, index);
            MemorySegment shapeStruct = shape.toNative(arena);
            Ov.call("reshaping input " + index + " to " + shape,
                    () -> openvino_h.ov_model_reshape_by_port_indexes(model, indexes, shapeStruct, 1));
        }
    }

    /** Reshapes several inputs at once, by name ({@code ov_model_reshape}). */
    public void reshape(Map<String, PartialShape> shapes) {
        MemorySegment model = handle();
        if (shapes.isEmpty()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int n = shapes.size();
            MemorySegment names = arena.allocate(Ov.POINTER, n);
            MemorySegment array = arena.allocate(ov_partial_shape.layout(), n);
            long stride = ov_partial_shape.sizeof();
            int i = 0;
            for (Map.Entry<String, PartialShape> e : shapes.entrySet()) {
                requireStaticRank(e.getValue());
                names.setAtIndex(Ov.POINTER, i, arena.allocateFrom(e.getKey()));
                MemorySegment.copy(e.getValue().toNative(arena), 0, array, i * stride, stride);
                i++;
            }
            Ov.call("reshaping " + shapes, () -> openvino_h.ov_model_reshape(model, names, array, n));
        }
    }

    /** The C API turns a dynamic-rank partial shape into a rank-1 shape when reshaping; refuse it instead. */
    private static void requireStaticRank(PartialShape shape) {
        if (shape.isRankDynamic()) {
            throw new IllegalArgumentException("the OpenVINO C API cannot reshape to a dynamic rank");
        }
    }

    @Override
    public String toString() {
        return isClosed() ? "Model[closed]" : "Model[inputs " + inputs() + ", outputs " + outputs() + "]";
    }

    @Override
    protected void release(MemorySegment handle) {
        openvino_h.ov_model_free(handle);
    }
}
