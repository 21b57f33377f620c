package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * An {@code OgaConfig}: a model folder's {@code genai_config.json}, adjustable before the model is created
 * (execution providers and their options, JSON overlays). {@link Model#load(Config)} copies it, so it may be
 * closed right after. Not thread-safe.
 */
public final class Config extends GenAiResource {
    private Config(MemorySegment handle) {
        super(handle);
    }

    /** Reads {@code folder/genai_config.json}. */
    public static Config load(Path folder) {
        Oga.load();
        Model.requireFolder(folder);
        if (!Files.isRegularFile(folder.resolve("genai_config.json"))) {
            throw new GenAIException("no genai_config.json in " + folder.toAbsolutePath()
                    + " (a GenAI model folder holds genai_config.json, the ONNX model and the tokenizer files)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaCreateConfig(arena.allocateFrom(folder.toAbsolutePath().toString()), out), "reading " + folder);
            return new Config(out.get(Oga.POINTER, 0));
        }
    }

    /** Removes every execution provider: the model then runs on the CPU provider. */
    public Config clearProviders() {
        Oga.check(OgaConfigClearProviders(handle()), "clearing providers");
        return this;
    }

    /**
     * Appends an execution provider by GenAI's name ({@code cpu}, {@code cuda}, {@code dml}, {@code OpenVINO},
     * {@code qnn}, {@code webgpu}, …). A provider the runtime lacks fails when the model is created.
     */
    public Config appendProvider(String provider) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaConfigAppendProvider(handle(), arena.allocateFrom(provider)), "appending provider " + provider);
        }
        return this;
    }

    public Config providerOption(String provider, String key, String value) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaConfigSetProviderOption(handle(), arena.allocateFrom(provider), arena.allocateFrom(key),
                    arena.allocateFrom(value)), "provider option " + provider + "." + key);
        }
        return this;
    }

    /** Selects the hardware device type ({@code cpu}, {@code gpu}, {@code npu}) a provider should use. */
    public Config hardwareDeviceType(String provider, String deviceType) {
        Oga.require("OgaConfigSetDecoderProviderOptionsHardwareDeviceType", "0.10.0");
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaConfigSetDecoderProviderOptionsHardwareDeviceType(handle(), arena.allocateFrom(provider),
                    arena.allocateFrom(deviceType)), "hardware device type for " + provider);
        }
        return this;
    }

    public Config hardwareDeviceId(String provider, int deviceId) {
        Oga.require("OgaConfigSetDecoderProviderOptionsHardwareDeviceId", "0.10.0");
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaConfigSetDecoderProviderOptionsHardwareDeviceId(handle(), arena.allocateFrom(provider), deviceId),
                    "hardware device id for " + provider);
        }
        return this;
    }

    /** Merges JSON into the configuration, e.g. {@code {"search": {"max_length": 64}}}. */
    public Config overlay(String json) {
        try (Arena arena = Arena.ofConfined()) {
            Oga.check(OgaConfigOverlay(handle(), arena.allocateFrom(json)), "config overlay");
        }
        return this;
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyConfig(handle);
    }
}
