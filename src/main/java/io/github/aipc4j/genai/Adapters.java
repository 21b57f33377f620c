package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/** LoRA adapters of a model ({@code .onnx_adapter} files), activated per generator. */
public final class Adapters extends GenAiResource {
    private Adapters(MemorySegment handle) {
        super(handle);
    }

    public static Adapters create(Model model) {
        Oga.require("OgaCreateAdapters", "0.5.0");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaCreateAdapters(model.pointer(), out), "creating adapters");
            return new Adapters(out.get(Oga.POINTER, 0));
        }
    }

    public Adapters load(Path file, String name) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaLoadAdapter(handle(), arena.allocateFrom(file.toAbsolutePath().toString()), arena.allocateFrom(name)),
                    "loading adapter " + file);
        }
        return this;
    }

    public Adapters unload(String name) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaUnloadAdapter(handle(), arena.allocateFrom(name)), "unloading adapter " + name);
        }
        return this;
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyAdapters(handle);
    }
}
