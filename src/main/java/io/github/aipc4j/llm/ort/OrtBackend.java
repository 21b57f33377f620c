package io.github.aipc4j.llm.ort;

import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.llm.spi.JavaTokenizerCodec;
import io.github.aipc4j.llm.spi.TextCodec;
import io.github.aipc4j.ort.Environment;
import io.github.aipc4j.ort.Session;
import io.github.aipc4j.ort.SessionOptions;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ort} engine: a model folder's decoder (as {@code genai_config.json} describes it, so a GenAI model
 * folder works unchanged) loaded into a plain ONNX Runtime session, decoded by {@link OrtDecoder}s whose KV caches
 * Java owns, and tokenized by aipc4j's pure-Java tokenizer.
 *
 * <p>Thread-safe for {@link #newDecoder()}; each decoder is used by one thread at a time. {@link #close()} closes
 * the decoders still open, then the session.
 */
public final class OrtBackend implements Backend {
    /** The devices this engine accepts, as ONNX Runtime execution providers. */
    public static final List<String> DEVICES = List.of("cpu", "cuda", "dml");

    private final Path folder;
    private final String device;
    private final ModelConfig config;
    private final Arena names = Arena.ofShared();
    private final Set<OrtDecoder> decoders = new LinkedHashSet<>();
    private Environment environment;
    private Session session;
    private DecoderGraph graph;
    private long memoryInfo;
    private volatile TextCodec codec;
    private volatile boolean closed;

    private OrtBackend(Path folder, String device, ModelConfig config) {
        this.folder = folder;
        this.device = device;
        this.config = config;
    }

    /**
     * Loads the decoder of a model folder with ONNX Runtime's default intra-op threads (or the folder's
     * {@code intra_op_num_threads}).
     *
     * @param device {@code cpu} (also when null), {@code cuda} or {@code dml}
     * @throws IllegalArgumentException for an unknown device, a folder without {@code genai_config.json} or model
     *                                  file, or a graph that does not match the configuration
     * @throws io.github.aipc4j.ort.OrtException when the runtime lacks the device's provider or cannot load the model
     */
    public static OrtBackend open(Path folder, String device) {
        return open(folder, device, 0);
    }

    /**
     * As {@link #open(Path, String)}, with {@code intraOpThreads} threads inside each operator (0: the folder's
     * {@code intra_op_num_threads}, else ONNX Runtime's default of one per physical core).
     */
    public static OrtBackend open(Path folder, String device, int intraOpThreads) {
        String name = device == null ? "cpu" : device.strip().toLowerCase(Locale.ROOT);
        if (!DEVICES.contains(name)) {
            throw new IllegalArgumentException("unknown device '" + device + "' for the ort engine; use one of " + DEVICES);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0: default), got " + intraOpThreads);
        }
        ModelConfig config = ModelConfig.read(folder);
        if (!Files.isRegularFile(config.modelFile())) {
            throw new IllegalArgumentException("genai_config.json in " + folder.toAbsolutePath() + " names the model file "
                    + config.modelFile().toAbsolutePath() + " (model.decoder.filename), which does not exist");
        }
        OrtBackend backend = new OrtBackend(folder, name, config);
        try {
            backend.load(intraOpThreads > 0 ? intraOpThreads : config.intraOpThreads());
            return backend;
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    private void load(int threads) {
        environment = Environment.create();
        try (SessionOptions options = SessionOptions.create()) {
            if (threads > 0) {
                options.intraOpThreads(threads);
            }
            if (!device.equals("cpu")) {
                options.provider(device, Map.of()); // a runtime without it throws, naming the providers it has
            }
            session = Session.create(environment, config.modelFile(), options);
        }
        graph = DecoderGraph.of(config, session, names);
        memoryInfo = OrtCalls.createCpuMemoryInfo();
    }

    @Override
    public String engine() {
        return "ort";
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int[] eosTokenIds() {
        return config.eosTokenIds().clone();
    }

    /** True when the graph writes present keys and values into the past buffer ({@code past_present_share_buffer}). */
    public boolean sharesPastAndPresent() {
        return config.shareBuffer();
    }

    /**
     * The folder's {@code tokenizer.json} with Phi-3's chat template, loaded on first use (a folder without a
     * tokenizer still decodes token ids).
     *
     * @throws IllegalArgumentException when the folder has no {@code tokenizer.json}
     */
    @Override
    public TextCodec codec() {
        TextCodec c = codec;
        if (c == null) {
            synchronized (this) {
                checkOpen();
                if (codec == null) {
                    codec = JavaTokenizerCodec.forFolder(folder);
                }
                c = codec;
            }
        }
        return c;
    }

    @Override
    public OrtDecoder newDecoder() {
        return newDecoder(OrtDecoder.PREFILL_CHUNK);
    }

    /** A decoder whose prompt runs take at most {@code prefillChunk} tokens each. */
    synchronized OrtDecoder newDecoder(int prefillChunk) {
        checkOpen();
        if (prefillChunk < 1) {
            throw new IllegalArgumentException("prefillChunk must be >= 1, got " + prefillChunk);
        }
        OrtDecoder decoder = new OrtDecoder(this, graph, session.nativeHandle().address(), memoryInfo, prefillChunk);
        decoders.add(decoder);
        return decoder;
    }

    Path modelFile() {
        return config.modelFile();
    }

    DecoderGraph graph() {
        return graph;
    }

    synchronized void forget(OrtDecoder decoder) {
        decoders.remove(decoder);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this OrtBackend is closed");
        }
    }

    /** Closes the decoders still open, then the session. Idempotent. */
    @Override
    public void close() {
        List<OrtDecoder> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(decoders);
        }
        open.forEach(OrtDecoder::close);
        if (memoryInfo != 0) {
            OrtCalls.releaseMemoryInfo(memoryInfo);
        }
        if (session != null) {
            session.close();
        }
        if (environment != null) {
            environment.close();
        }
        names.close();
    }
}
