package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_available_devices_t;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.core.NativeResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenVINO runtime entry point ({@code ov_core_t}): devices and their properties, reading models (ONNX or IR,
 * from files or memory), compiling them for a device, importing compiled blobs.
 *
 * <pre>{@code
 * try (Core core = Core.create();
 *      Model model = core.readModel(Path.of("model.onnx"));
 *      CompiledModel compiled = core.compile(model, "CPU", Properties.create().performanceHint(PerformanceHint.LATENCY));
 *      InferRequest request = compiled.createInferRequest()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Device strings are OpenVINO's: {@code CPU}, {@code GPU}, {@code GPU.0}, {@code NPU}, {@code AUTO},
 * {@code AUTO:GPU,CPU}, {@code HETERO:GPU,CPU}… Thread-safe. Close it after the models compiled with it.
 */
public final class Core extends NativeResource {
    /** Virtual devices that are not listed by {@link #availableDevices()} but compile fine. */
    private static final Set<String> VIRTUAL_DEVICES = Set.of("AUTO", "MULTI", "HETERO", "BATCH");

    private Core(MemorySegment handle) {
        super(handle);
    }

    /** A new core with the default plugins (those beside {@code libopenvino}). Loads the runtime on first use. */
    public static Core create() {
        Ov.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Ov.POINTER);
            Ov.call("creating the OpenVINO core", () -> openvino_h.ov_core_create(out));
            return new Core(out.get(Ov.POINTER, 0));
        }
    }

    /** The loaded runtime's version ({@code ov_get_openvino_version}). */
    public static Version version() {
        Ov.load();
        return Ov.readVersion();
    }

    // ---- devices and properties ---------------------------------------------------------------------------------

    /** The names of the devices OpenVINO finds, e.g. {@code [CPU, GPU.0, GPU.1, NPU]}. */
    public List<String> deviceNames() {
        MemorySegment core = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = ov_available_devices_t.allocate(arena);
            Ov.call("listing the available devices", () -> openvino_h.ov_core_get_available_devices(core, list));
            try {
                long size = ov_available_devices_t.size(list);
                List<String> names = new ArrayList<>();
                if (size > 0) {
                    MemorySegment array = ov_available_devices_t.devices(list).reinterpret(size * Ov.POINTER.byteSize());
                    for (long i = 0; i < size; i++) {
                        names.add(Ov.string(array.getAtIndex(Ov.POINTER, i)));
                    }
                }
                return List.copyOf(names);
            } finally {
                openvino_h.ov_available_devices_free(list);
            }
        }
    }

    /** The available devices with their full names ({@code FULL_DEVICE_NAME}). */
    public List<Device> availableDevices() {
        List<Device> devices = new ArrayList<>();
        for (String name : deviceNames()) {
            devices.add(new Device(name, property(name, PropertyKey.FULL_DEVICE_NAME)));
        }
        return List.copyOf(devices);
    }

    /** A device property as a string ({@code ov_core_get_property}), e.g. {@code property("CPU", "NUM_STREAMS")}. */
    public String property(String device, String key) {
        MemorySegment core = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocateFrom(device);
            MemorySegment k = arena.allocateFrom(key);
            MemorySegment out = arena.allocate(Ov.POINTER);
            Ov.call("reading property " + key + " of device " + device,
                    () -> openvino_h.ov_core_get_property(core, d, k, out));
            return Ov.takeString(out);
        }
    }

    public String property(String device, PropertyKey key) {
        return property(device, key.key());
    }

    /**
     * Sets one property ({@code ov_core_set_property}, variadic: one key/value pair per call) for {@code device}, or
     * for the core and every device when {@code device} is null (e.g. {@code CACHE_DIR}).
     */
    public void setProperty(String device, String key, String value) {
        MemorySegment core = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = device == null ? MemorySegment.NULL : arena.allocateFrom(device);
            MemorySegment k = arena.allocateFrom(key);
            MemorySegment v = arena.allocateFrom(value);
            Ov.call("setting property " + key + "=" + value + (device == null ? "" : " of device " + device),
                    () -> Varargs.setProperty().apply(core, d, k, v));
        }
    }

    /** Sets every property of {@code properties} (see {@link #setProperty}). */
    public void setProperties(String device, Properties properties) {
        for (Map.Entry<String, String> e : properties.asMap().entrySet()) {
            setProperty(device, e.getKey(), e.getValue());
        }
    }

    /** Loads an extension library, e.g. {@code libopenvino_tokenizers.so} ({@code ov_core_add_extension}). */
    public void addExtension(Path library) {
        MemorySegment core = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(library.toAbsolutePath().toString());
            Ov.call("adding extension " + library, () -> openvino_h.ov_core_add_extension(core, p));
        }
    }

    // ---- reading models -----------------------------------------------------------------------------------------

    /**
     * Reads a model file: an IR {@code .xml} (weights from the {@code .bin} of the same name beside it), an ONNX
     * {@code .onnx}, or any other format a frontend beside the runtime reads.
     */
    public Model readModel(Path file) {
        return readModel(file, null);
    }

    /** Reads an IR {@code .xml} with its weights from {@code weights} (null: the {@code .bin} beside it). */
    public Model readModel(Path file, Path weights) {
        MemorySegment core = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(file.toString());
            MemorySegment w = weights == null ? MemorySegment.NULL : arena.allocateFrom(weights.toString());
            MemorySegment out = arena.allocate(Ov.POINTER);
            try {
                Ov.call("reading model " + file, () -> openvino_h.ov_core_read_model(core, p, w, out));
            } catch (OpenVinoException e) {
                throw withHint(e, !Files.isRegularFile(file) ? "the file " + file.toAbsolutePath() + " does not exist"
                        : weights != null && !Files.isRegularFile(weights)
                        ? "the weights file " + weights.toAbsolutePath() + " does not exist" : null);
            }
            return new Model(out.get(Ov.POINTER, 0));
        }
    }

    /** Reads a model held in memory in a format that needs no weights file: ONNX bytes, or an IR without weights. */
    public Model readModel(byte[] model) {
        return readModel(model, null);
    }

    /**
     * Reads a model held in memory ({@code ov_core_read_model_from_memory_buffer}): ONNX bytes (weights null), or IR
     * XML text with the contents of its {@code .bin}. The weights are copied into an OpenVINO tensor that the model
     * keeps (its constants may point into it), so the arrays may be reused at once.
     */
    public Model readModel(byte[] model, byte[] weights) {
        MemorySegment core = handle();
        if (model.length == 0) {
            throw new IllegalArgumentException("the model is empty");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(model.length);
            MemorySegment.copy(model, 0, bytes, ValueLayout.JAVA_BYTE, 0, model.length);
            Tensor weightTensor = null;
            if (weights != null) {
                weightTensor = Tensor.allocate(ElementType.UINT8, weights.length);
                if (weights.length > 0) {
                    MemorySegment.copy(weights, 0, weightTensor.data(), ValueLayout.JAVA_BYTE, 0, weights.length);
                }
            }
            try {
                MemorySegment w = weightTensor == null ? MemorySegment.NULL : weightTensor.pointer();
                MemorySegment out = arena.allocate(Ov.POINTER);
                Ov.call("reading a model of " + model.length + " bytes from memory",
                        () -> openvino_h.ov_core_read_model_from_memory_buffer(core, bytes, model.length, w, out));
                return new Model(out.get(Ov.POINTER, 0));
            } finally {
                if (weightTensor != null) {
                    weightTensor.close(); // the model holds its own reference
                }
            }
        }
    }

    // ---- compiling ----------------------------------------------------------------------------------------------

    /** Compiles {@code model} for {@code device} with the plugin's defaults. */
    public CompiledModel compile(Model model, String device) {
        return compile(model, device, Properties.create());
    }

    /** Compiles {@code model} for {@code device} ({@code ov_core_compile_model}, properties as variadic pairs). */
    public CompiledModel compile(Model model, String device, Properties properties) {
        MemorySegment core = handle();
        MemorySegment m = model.pointer();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocateFrom(device);
            Object[] pairs = Varargs.pairs(arena, properties);
            MemorySegment out = arena.allocate(Ov.POINTER);
            try {
                Ov.call("compiling the model for " + device + (properties.isEmpty() ? "" : " with " + properties),
                        () -> Varargs.compile(pairs.length).apply(core, m, d, pairs.length, out, pairs));
            } catch (OpenVinoException e) {
                throw withHint(e, deviceHint(device));
            }
            return new CompiledModel(out.get(Ov.POINTER, 0), device);
        }
    }

    /**
     * Reads and compiles a model file in one step ({@code ov_core_compile_model_from_file}); with {@code CACHE_DIR}
     * set, a cached blob is loaded without reading the model at all.
     */
    public CompiledModel compile(Path modelFile, String device, Properties properties) {
        MemorySegment core = handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(modelFile.toString());
            MemorySegment d = arena.allocateFrom(device);
            Object[] pairs = Varargs.pairs(arena, properties);
            MemorySegment out = arena.allocate(Ov.POINTER);
            try {
                Ov.call("compiling " + modelFile + " for " + device + (properties.isEmpty() ? "" : " with " + properties),
                        () -> Varargs.compileFromFile(pairs.length).apply(core, p, d, pairs.length, out, pairs));
            } catch (OpenVinoException e) {
                String hint = deviceHint(device);
                if (hint == null && !Files.isRegularFile(modelFile)) {
                    hint = "the file " + modelFile.toAbsolutePath() + " does not exist";
                }
                throw withHint(e, hint);
            }
            return new CompiledModel(out.get(Ov.POINTER, 0), device);
        }
    }

    /** Loads a blob written by {@link CompiledModel#exportTo} for {@code device} ({@code ov_core_import_model}). */
    public CompiledModel importModel(byte[] blob, String device) {
        MemorySegment core = handle();
        // The blob's memory stays alive as long as the compiled model (and its requests, which hold it) are
        // reachable: OpenVINO may keep pointing into an imported blob instead of copying it, and an infer on a
        // model imported from a freed buffer crashed in memcpy (OpenVinoPropertiesTest, intermittently).
        MemorySegment content = Arena.ofAuto().allocate(Math.max(1, blob.length));
        MemorySegment.copy(blob, 0, content, ValueLayout.JAVA_BYTE, 0, blob.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocateFrom(device);
            MemorySegment out = arena.allocate(Ov.POINTER);
            try {
                Ov.call("importing a compiled blob of " + blob.length + " bytes for " + device,
                        () -> openvino_h.ov_core_import_model(core, content, blob.length, d, out));
            } catch (OpenVinoException e) {
                throw withHint(e, deviceHint(device));
            }
            return new CompiledModel(out.get(Ov.POINTER, 0), device, content);
        }
    }

    /** {@link #importModel(byte[], String)} from a file. */
    public CompiledModel importModel(Path blobFile, String device) {
        handle();
        byte[] blob;
        try {
            blob = Files.readAllBytes(blobFile);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the compiled blob " + blobFile, e);
        }
        return importModel(blob, device);
    }

    /** A hint when {@code device} names no available device (virtual devices such as AUTO are not listed). */
    private String deviceHint(String device) {
        try {
            String base = device.split("[:.(]", 2)[0];
            List<String> names = deviceNames();
            if (VIRTUAL_DEVICES.contains(base) || names.contains(device)) {
                return null;
            }
            for (String n : names) {
                if (n.equals(base) || n.startsWith(base + ".")) {
                    return null;
                }
            }
            return "device '" + device + "' is not available here; the available devices are " + names
                    + " (and the virtual devices " + VIRTUAL_DEVICES + ")";
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static OpenVinoException withHint(OpenVinoException e, String hint) {
        if (hint == null) {
            return e;
        }
        OpenVinoException hinted = new OpenVinoException(e.status(), e.code(), e.getMessage() + " [" + hint + "]",
                e.nativeMessage());
        hinted.setStackTrace(e.getStackTrace());
        return hinted;
    }

    @Override
    public String toString() {
        return isClosed() ? "Core[closed]" : "Core[" + deviceNames() + "]";
    }

    /** {@code ov_core_free} also clears OpenVINO's last-error text: done under the error lock. */
    @Override
    protected void release(MemorySegment handle) {
        Ov.LOCK.lock();
        try {
            openvino_h.ov_core_free(handle);
        } finally {
            Ov.LOCK.unlock();
        }
    }
}
