package io.github.aipc4j.llm.genai;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.genai.Config;
import io.github.aipc4j.genai.GenAI;
import io.github.aipc4j.genai.GenAIException;
import io.github.aipc4j.genai.Generator;
import io.github.aipc4j.genai.GeneratorParams;
import io.github.aipc4j.genai.Model;
import io.github.aipc4j.genai.Tokenizer;
import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GenAI engine: a model folder with {@code genai_config.json} (the model factory's tiny folder, a GenAI model
 * builder output such as a Phi-3 {@code cpu-int4} download) loaded by ONNX Runtime GenAI, which runs its own token
 * loop ({@link GenAiDecoder}) and its own tokenizer and chat template ({@link GenAiCodec}).
 *
 * <p>Devices: {@code cpu} (the folder's own providers are cleared), {@code cuda} and {@code dml} (the folder's
 * providers replaced by that one). A GenAI build without the provider fails at {@link #open} with a
 * {@link GenAIException} saying which build to use instead.
 *
 * <p>Thread-safe for {@link #newDecoder()} and the codec; close the decoders before the backend (closing the backend
 * closes those still open, and any later use of them throws {@link IllegalStateException}).
 */
public final class GenAiBackend implements Backend {
    /** The devices this engine knows, as the CLI spells them. */
    public static final List<String> DEVICES = List.of("cpu", "cuda", "dml");

    private final String device;
    private final Model model;
    private final Tokenizer tokenizer;
    private final GenAiCodec codec;
    private final int contextLength;
    private final int vocabSize;
    private final int[] eosTokenIds;
    private final Set<GenAiDecoder> decoders = ConcurrentHashMap.newKeySet();
    private final Object modelLock = new Object();
    private volatile boolean closed;

    private GenAiBackend(String device, Model model, Tokenizer tokenizer, GenAiCodec codec, int contextLength,
                         int vocabSize) {
        this.device = device;
        this.model = model;
        this.tokenizer = tokenizer;
        this.codec = codec;
        this.contextLength = contextLength;
        this.vocabSize = vocabSize;
        this.eosTokenIds = tokenizer.eosTokenIds();
    }

    /** {@link #open(Path, String, int)} with the folder's whole context. */
    public static GenAiBackend open(Path folder, String device) {
        return open(folder, device, 0);
    }

    /**
     * Loads a GenAI model folder.
     *
     * @param folder        holds {@code genai_config.json}, the ONNX model and the tokenizer files
     * @param device        {@code cpu}, {@code cuda} or {@code dml}; null means {@code cpu}
     * @param contextLimit  when &gt; 0, the context is at most this many tokens: GenAI allocates a shared-buffer KV
     *                      cache for the whole context when a generator is created, which for a 128k-token model
     *                      is more memory than most machines have; 0 uses {@code model.context_length}
     * @throws IllegalArgumentException for an unknown device or a negative limit
     * @throws GenAIException           when the folder, its configuration, model or tokenizer files cannot be loaded,
     *                                  or the device's provider is not in the loaded GenAI build
     */
    public static GenAiBackend open(Path folder, String device, int contextLimit) {
        Objects.requireNonNull(folder, "folder");
        String name = device == null ? "cpu" : device.strip().toLowerCase(Locale.ROOT);
        if (!DEVICES.contains(name)) {
            throw new IllegalArgumentException("unknown device '" + device + "' for the genai engine: use one of "
                    + DEVICES + " (gpu and npu run through the openvino engine)");
        }
        if (contextLimit < 0) {
            throw new IllegalArgumentException("contextLimit must be >= 0 (0: the model's own), got " + contextLimit);
        }
        Model model = load(folder, name); // first: GenAI's checks and messages for a missing or malformed folder
        try {
            FolderConfig folderConfig = FolderConfig.read(folder);
            Tokenizer tokenizer = Tokenizer.create(model);
            try {
                GenAiCodec codec = new GenAiCodec(tokenizer, folderConfig.tokenizerFolder());
                int context = contextLimit > 0 ? Math.min(folderConfig.contextLength(), contextLimit)
                        : folderConfig.contextLength();
                return new GenAiBackend(name, model, tokenizer, codec, context, folderConfig.vocabSize());
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Model load(Path folder, String device) {
        try (Config config = Config.load(folder)) {
            config.clearProviders();
            if (!device.equals("cpu")) {
                config.appendProvider(device);
            }
            return Model.load(config);
        } catch (GenAIException e) {
            if (device.equals("cpu")) {
                throw e;
            }
            throw new GenAIException(noProviderMessage(device, e));
        }
    }

    private static String noProviderMessage(String device, GenAIException cause) {
        String genai = NativeLoader.loaded(RuntimeLibrary.GENAI).map(LoadedRuntime::location).orElse("not loaded");
        String how = device.equals("cuda")
                ? "use a CUDA build: point -D" + RuntimeLibrary.GENAI.property() + " (or "
                + RuntimeLibrary.GENAI.environmentVariable() + ") at the onnxruntime_genai/ folder of PyPI's "
                + "onnxruntime-genai-cuda wheel (libonnxruntime-genai.so with libonnxruntime-genai-cuda.so beside it) "
                + "and -D" + RuntimeLibrary.ONNXRUNTIME.property() + " at onnxruntime/capi/ of onnxruntime-gpu, with "
                + "the CUDA and cuDNN libraries on LD_LIBRARY_PATH"
                : "DirectML needs Windows and a DirectML build of GenAI (NuGet Microsoft.ML.OnnxRuntimeGenAI.DirectML "
                + "or PyPI onnxruntime-genai-directml)";
        return "the genai engine could not load the model on device '" + device + "': " + cause.getMessage()
                + ". The loaded ONNX Runtime GenAI " + GenAI.version() + " (" + genai + ") lacks that provider "
                + "(the pinned PyPI onnxruntime-genai wheel is CPU-only; device 'cpu' works with it); " + how + ".";
    }

    /** What this engine reads from genai_config.json itself (GenAI exposes no getter for these). */
    private record FolderConfig(int contextLength, int vocabSize, Path tokenizerFolder) {
        static FolderConfig read(Path folder) {
            Path file = folder.resolve("genai_config.json");
            Map<?, ?> root;
            try {
                root = Json.parse(Files.readString(file)) instanceof Map<?, ?> m ? m : Map.of();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
            Map<?, ?> model = root.get("model") instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> search = root.get("search") instanceof Map<?, ?> m ? m : Map.of();
            int context = positive(model, "context_length");
            if (context == 0) {
                context = positive(search, "max_length");
            }
            if (context == 0) {
                throw new GenAIException(file + " has neither model.context_length nor search.max_length");
            }
            int vocab = positive(model, "vocab_size");
            if (vocab == 0) {
                throw new GenAIException(file + " has no model.vocab_size (the width of the logits)");
            }
            Path tokenizer = model.get("tokenizer_dir") instanceof String dir && !dir.isEmpty() ? folder.resolve(dir) : folder;
            return new FolderConfig(context, vocab, tokenizer);
        }

        private static int positive(Map<?, ?> section, String key) {
            return section.get(key) instanceof Number n && n.intValue() > 0 ? n.intValue() : 0;
        }
    }

    @Override
    public String engine() {
        return "genai";
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** {@code model.eos_token_id} of genai_config.json, as GenAI's tokenizer reports it. */
    @Override
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    @Override
    public GenAiCodec codec() {
        return codec;
    }

    /** GenAI's model, e.g. for {@link Model#deviceType()}. */
    public Model model() {
        return model;
    }

    @Override
    public GenAiDecoder newDecoder() {
        checkOpen();
        GenAiDecoder decoder = new GenAiDecoder(this);
        decoders.add(decoder);
        if (closed) { // closed meanwhile: do not leak it
            decoder.close();
            checkOpen();
        }
        return decoder;
    }

    /** DirectML cannot append tokens to a non-empty sequence (GenAI's continuous decoding). */
    boolean continuousDecoding() {
        return !device.equals("dml");
    }

    GeneratorParams newParams() {
        synchronized (modelLock) { // GenAI documents no thread safety; creating from one model is serialized
            checkOpen();
            return GeneratorParams.create(model);
        }
    }

    Generator newGenerator(GeneratorParams params) {
        synchronized (modelLock) {
            checkOpen();
            return Generator.create(model, params);
        }
    }

    void decoderClosed(GenAiDecoder decoder) {
        decoders.remove(decoder);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this GenAI backend is closed");
        }
    }

    /** Closes the decoders and streams still open, then the tokenizer and the model. Idempotent. */
    @Override
    public void close() {
        synchronized (modelLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (GenAiDecoder d : decoders) {
            d.close();
        }
        codec.closeStreams();
        tokenizer.close();
        model.close();
    }
}
