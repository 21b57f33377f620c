package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * {@code OgaGeneratorParams}: the search options of a generation (a copy of genai_config.json's {@code search},
 * changed here). Names GenAI does not know are a {@link GenAIException}. Not thread-safe.
 */
public final class GeneratorParams extends GenAiResource {
    private GeneratorParams(MemorySegment handle) {
        super(handle);
    }

    public static GeneratorParams create(Model model) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaCreateGeneratorParams(model.pointer(), out), "creating generator params");
            return new GeneratorParams(out.get(Oga.POINTER, 0));
        }
    }

    /**
     * A numeric search option: {@code max_length} (prompt plus generated tokens), {@code min_length},
     * {@code top_k}, {@code top_p}, {@code temperature}, {@code repetition_penalty}, {@code num_beams},
     * {@code num_return_sequences}, {@code random_seed}, {@code length_penalty}, {@code no_repeat_ngram_size}, …
     */
    public GeneratorParams set(String name, double value) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaGeneratorParamsSetSearchNumber(handle(), arena.allocateFrom(name), value), "search option " + name);
        }
        return this;
    }

    /** A boolean search option: {@code do_sample}, {@code early_stopping}, {@code past_present_share_buffer}. */
    public GeneratorParams set(String name, boolean value) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaGeneratorParamsSetSearchBool(handle(), arena.allocateFrom(name), value), "search option " + name);
        }
        return this;
    }

    public double number(String name) {
        Oga.require("OgaGeneratorParamsGetSearchNumber", "0.12.0");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE);
            Oga.check(OgaGeneratorParamsGetSearchNumber(handle(), arena.allocateFrom(name), out), "search option " + name);
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    public GeneratorParams maxLength(int tokens) {
        return set("max_length", tokens);
    }

    /** Greedy decoding (no sampling). */
    public GeneratorParams greedy() {
        return set("do_sample", false).set("top_k", 1);
    }

    /** Sampling with temperature, top-k, top-p and a seed for reproducible runs. */
    public GeneratorParams sampling(double temperature, int topK, double topP, long seed) {
        return set("do_sample", true).set("temperature", temperature).set("top_k", topK).set("top_p", topP)
                .set("random_seed", seed);
    }

    /**
     * Constrained output: {@code type} {@code json_schema}, {@code regex} or {@code lark_grammar} with its
     * {@code data}; needs a GenAI build with guidance support.
     */
    public GeneratorParams guidance(String type, String data, boolean enableFastForwardTokens) {
        Oga.require("OgaGeneratorParamsSetGuidance", "0.11.0");
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaGeneratorParamsSetGuidance(handle(), arena.allocateFrom(type), arena.allocateFrom(data),
                    enableFastForwardTokens), "guidance " + type);
        }
        return this;
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyGeneratorParams(handle);
    }
}
