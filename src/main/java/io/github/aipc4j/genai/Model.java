package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * An {@code OgaModel}: the loaded ONNX model(s) of a folder. A model may be shared by threads for creating
 * tokenizers, parameters and generators (each generator then belongs to one thread at a time). GenAI keeps the
 * model alive while generators use it, but close it only after them.
 */
public final class Model extends GenAiResource {
    private Model(MemorySegment handle) {
        super(handle);
    }

    /** Loads the model folder (genai_config.json, the ONNX files). */
    public static Model load(Path folder) {
        try (Config config = Config.load(folder)) {
            return load(config);
        }
    }

    /** Loads the model a config describes (on a large-stack thread: see {@link LargeStack}). */
    public static Model load(Config config) {
        MemorySegment pointer = config.pointer();
        return LargeStack.call("aipc4j-genai-model-load", () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(Oga.POINTER);
                Oga.check(OgaCreateModelFromConfig(pointer, out), "creating the model");
                return new Model(out.get(Oga.POINTER, 0));
            }
        });
    }

    /** Loads a folder, checking that it exists first (GenAI's own message for a missing folder is terse). */
    static void requireFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new GenAIException("model folder " + folder.toAbsolutePath() + " does not exist");
        }
    }

    /** {@code model.type} of the config, e.g. {@code phi3}. */
    public String type() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaModelGetType(handle(), out), "model type");
            return Oga.take(out.get(Oga.POINTER, 0));
        }
    }

    /** The device the model runs on, e.g. {@code CPU}. */
    public String deviceType() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaModelGetDeviceType(handle(), out), "model device type");
            return Oga.take(out.get(Oga.POINTER, 0));
        }
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyModel(handle);
    }
}
