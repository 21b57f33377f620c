package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A model compiled for one device ({@code ov_compiled_model_t}), made by {@link Core#compile} or
 * {@link Core#importModel}: creates {@link InferRequest}s, answers properties, exports its blob.
 *
 * <p>Thread-safe. Close its requests before it, and it before its {@link Core} (OpenVINO keeps what is still
 * referenced alive, but plugins should not be unloaded under live objects).
 */
public final class CompiledModel extends NativeResource {
    private final String device;
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final MemorySegment importedBlob;
    private volatile List<Port> inputs;
    private volatile List<Port> outputs;

    CompiledModel(MemorySegment handle, String device) {
        this(handle, device, null);
    }

    /** {@code importedBlob}: memory OpenVINO may still read, kept reachable for as long as this object is. */
    CompiledModel(MemorySegment handle, String device, MemorySegment importedBlob) {
        super(handle);
        this.device = device;
        this.importedBlob = importedBlob;
    }

    MemorySegment pointer() {
        return handle();
    }

    /** The device string this model was compiled or imported for (as given, e.g. {@code AUTO}). */
    public String device() {
        return device;
    }

    /** A new infer request; for a stateful model, its state starts from the model's initializers (empty). */
    public InferRequest createInferRequest() {
        return new InferRequest(this);
    }

    /** Creates a native {@code ov_infer_request_t} (owned by the caller). */
    MemorySegment newNativeRequest() {
        MemorySegment compiled = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Ov.POINTER);
            Ov.call("creating an infer request", () -> openvino_h.ov_compiled_model_create_infer_request(compiled, out));
            return out.get(Ov.POINTER, 0);
        }
    }

    public List<Port> inputs() {
        List<Port> p = inputs;
        if (p == null) {
            p = ports(true);
            inputs = p;
        }
        return p;
    }

    public List<Port> outputs() {
        List<Port> p = outputs;
        if (p == null) {
            p = ports(false);
            outputs = p;
        }
        return p;
    }

    /** The input named {@code name}; {@link NoSuchElementException} lists the inputs when there is none. */
    public Port input(String name) {
        return Model.find(inputs(), name, "input");
    }

    public Port output(String name) {
        return Model.find(outputs(), name, "output");
    }

    private List<Port> ports(boolean input) {
        MemorySegment compiled = handle();
        return Port.readAll("compiled model", input,
                size -> input ? openvino_h.ov_compiled_model_inputs_size(compiled, size) : openvino_h.ov_compiled_model_outputs_size(compiled, size),
                (index, out) -> input ? openvino_h.ov_compiled_model_input_by_index(compiled, index, out)
                        : openvino_h.ov_compiled_model_output_by_index(compiled, index, out));
    }

    /** A property of the compiled model, as a string ({@code ov_compiled_model_get_property}). */
    public String property(String key) {
        MemorySegment compiled = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            MemorySegment out = arena.allocate(Ov.POINTER);
            Ov.call("reading property " + key + " of the model compiled for " + device,
                    () -> openvino_h.ov_compiled_model_get_property(compiled, k, out));
            return Ov.takeString(out);
        }
    }

    public String property(PropertyKey key) {
        return property(key.key());
    }

    /** {@code OPTIMAL_NUMBER_OF_INFER_REQUESTS}: how many requests in flight keep the device busy. */
    public int optimalNumberOfInferRequests() {
        return Integer.parseInt(property(PropertyKey.OPTIMAL_NUMBER_OF_INFER_REQUESTS).strip());
    }

    /** Sets a run-time property of the compiled model ({@code ov_compiled_model_set_property}, variadic). */
    public void setProperty(String key, String value) {
        MemorySegment compiled = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            MemorySegment v = arena.allocateFrom(value);
            Ov.call("setting property " + key + "=" + value + " of the model compiled for " + device,
                    () -> Varargs.compiledSetProperty().apply(compiled, k, v));
        }
    }

    /**
     * Writes the compiled blob to {@code file} ({@code ov_compiled_model_export_model}); {@link Core#importModel}
     * loads it again for the same device without compiling.
     */
    public void exportTo(Path file) {
        MemorySegment compiled = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toAbsolutePath().toString());
            Ov.call("exporting the model compiled for " + device + " to " + file,
                    () -> openvino_h.ov_compiled_model_export_model(compiled, path));
        }
    }

    @Override
    public String toString() {
        return "CompiledModel[" + device + (isClosed() ? ", closed" : "") + "]";
    }

    @Override
    protected void release(MemorySegment handle) {
        openvino_h.ov_compiled_model_free(handle);
    }
}
