package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.llm.spi.JavaTokenizerCodec;
import io.github.aipc4j.llm.spi.TextCodec;
import io.github.aipc4j.openvino.CompiledModel;
import io.github.aipc4j.openvino.Core;
import io.github.aipc4j.openvino.PerformanceHint;
import io.github.aipc4j.openvino.Properties;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenVINO engine: a model folder compiled for one device, whose {@linkplain #newDecoder decoders} run aipc4j's
 * Java token loop over OpenVINO infer requests.
 *
 * <pre>{@code
 * try (OpenVinoBackend backend = OpenVinoBackend.open(Path.of("phi-3-mini-ov"), "cpu");
 *      Decoder decoder = backend.newDecoder()) {
 *     int next = decoder.next(promptIds, 0, promptIds.length);
 *     ...
 * }
 * }</pre>
 *
 * <p>Folders: an optimum-intel export ({@code optimum-cli export openvino --task text-generation-with-past}: a
 * stateful {@code openvino_model.xml}/{@code .bin} with {@code config.json} and {@code generation_config.json}), the
 * model factory's folder ({@code model.onnx} with explicit past/present KV and {@code genai_config.json}; OpenVINO
 * reads the ONNX file itself), or a stateful IR written next to {@code genai_config.json}. Which kind of cache a
 * decoder keeps follows from the model's inputs ({@code beam_idx}/no KV inputs: stateful; {@code past_key_values.*}:
 * explicit). The tokenizer ({@code tokenizer.json}) is read when {@link #codec()} is first called, so a folder
 * without one still runs on token ids.
 *
 * <p>Thread-safe; each decoder has its own infer request. Closing the backend closes its decoders.
 */
public final class OpenVinoBackend implements Backend {
    public static final String ENGINE = "openvino";

    private final ModelFolder folder;
    private final String device;
    private final String openVinoDevice;
    private final Core core;
    private final CompiledModel compiled;
    private final ModelSignature signature;
    private final int vocabSize;
    private final Set<OpenVinoDecoder> decoders = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile TextCodec codec;

    private OpenVinoBackend(ModelFolder folder, String device, String openVinoDevice, Core core,
                            CompiledModel compiled, ModelSignature signature, int vocabSize) {
        this.folder = folder;
        this.device = device;
        this.openVinoDevice = openVinoDevice;
        this.core = core;
        this.compiled = compiled;
        this.signature = signature;
        this.vocabSize = vocabSize;
    }

    /** The properties {@link #open(Path, String)} compiles with: {@code PERFORMANCE_HINT=LATENCY} (one sequence). */
    public static Properties defaultProperties() {
        return Properties.create().performanceHint(PerformanceHint.LATENCY);
    }

    /**
     * Loads the model in {@code folder} for {@code device} ({@code cpu}, {@code gpu} or {@code npu}, any case; an
     * OpenVINO device name such as {@code GPU.1} works too) with {@link #defaultProperties()}.
     *
     * @throws IllegalArgumentException when the folder lacks a model or its configuration, the model is not a decoder
     *                                  this engine drives, or OpenVINO does not list the device here (the message
     *                                  names the devices it lists)
     */
    public static OpenVinoBackend open(Path folder, String device) {
        return open(folder, device, defaultProperties());
    }

    /**
     * As {@link #open(Path, String)}, compiling with {@code properties} (e.g. {@code EXECUTION_MODE_HINT=ACCURACY}
     * for float32 results that match other engines token for token; OpenVINO's CPU defaults may use bf16 and a u8
     * KV cache).
     */
    public static OpenVinoBackend open(Path folder, String device, Properties properties) {
        ModelFolder read = ModelFolder.read(folder);
        Core core = Core.create();
        CompiledModel compiled = null;
        try {
            String name = resolveDevice(core, device);
            compiled = core.compile(read.modelFile(), name, properties);
            ModelSignature signature = ModelSignature.of(compiled, read.modelFile().toString());
            long width = signature.logitsWidth();
            int vocab = width > 0 ? Math.toIntExact(width) : read.vocabSize();
            if (vocab <= 0) {
                throw new IllegalArgumentException(read.modelFile() + ": the logits width is dynamic and no "
                        + "vocab_size is configured (config.json or genai_config.json)");
            }
            return new OpenVinoBackend(read, device, name, core, compiled, signature, vocab);
        } catch (RuntimeException | Error e) {
            if (compiled != null) {
                compiled.close();
            }
            core.close();
            throw e;
        }
    }

    /** OpenVINO's name for {@code device}, refused unless the core lists it. */
    static String resolveDevice(Core core, String device) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("no device given: name one of cpu, gpu, npu");
        }
        String name = device.strip().toUpperCase(Locale.ROOT);
        List<String> available = core.deviceNames();
        for (String listed : available) {
            if (listed.equals(name) || listed.startsWith(name + ".")) {
                return name;
            }
        }
        throw new IllegalArgumentException("device '" + device + "' is not available to OpenVINO on this machine; "
                + "it lists " + available + " (name one of them: cpu, gpu, npu, or e.g. GPU.1)");
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public String device() {
        return device;
    }

    /** The device name OpenVINO compiled for ({@code CPU}, {@code GPU}, {@code NPU}, …). */
    public String openVinoDevice() {
        return openVinoDevice;
    }

    /** The model file that was loaded. */
    public Path modelFile() {
        return folder.modelFile();
    }

    /** True when the runtime holds the KV cache (a stateful IR); false when decoders own explicit KV tensors. */
    public boolean stateful() {
        return signature.stateful();
    }

    @Override
    public int contextLength() {
        return folder.contextLength();
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int[] eosTokenIds() {
        return folder.eosTokenIds().clone();
    }

    /**
     * The pure-Java tokenizer over the folder's {@code tokenizer.json}, with Phi-3's chat template; read on first use.
     *
     * @throws IllegalArgumentException when the folder has no {@code tokenizer.json}
     */
    @Override
    public TextCodec codec() {
        TextCodec c = codec;
        if (c == null) {
            synchronized (this) {
                c = codec;
                if (c == null) {
                    c = JavaTokenizerCodec.forFolder(folder.folder());
                    codec = c;
                }
            }
        }
        return c;
    }

    /** A decoder with an empty cache and its own infer request. */
    @Override
    public OpenVinoDecoder newDecoder() {
        ensureOpen();
        OpenVinoDecoder decoder = signature.stateful()
                ? new StatefulDecoder(this, compiled, signature, vocabSize, folder.contextLength())
                : new ExplicitKvDecoder(this, compiled, signature, vocabSize, folder.contextLength());
        decoders.add(decoder);
        if (closed) { // closed while this one was being made
            decoder.close();
            ensureOpen();
        }
        return decoder;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the OpenVINO backend is closed");
        }
    }

    void forget(OpenVinoDecoder decoder) {
        decoders.remove(decoder);
    }

    /** Closes the decoders still open, then the compiled model and the core. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (OpenVinoDecoder d : new ArrayList<>(decoders)) {
            d.close();
        }
        compiled.close();
        core.close();
    }

    @Override
    public String toString() {
        return "OpenVinoBackend[" + folder.modelFile() + ", " + openVinoDevice + (stateful() ? ", stateful" : ", explicit KV")
                + (closed ? ", closed" : "") + "]";
    }
}
