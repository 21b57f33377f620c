package io.github.aipc4j.bench;

import io.github.aipc4j.genai.Config;
import io.github.aipc4j.genai.Generator;
import io.github.aipc4j.genai.GeneratorParams;
import io.github.aipc4j.genai.Model;
import io.github.aipc4j.llm.ort.OrtBackend;
import io.github.aipc4j.llm.ort.OrtDecoder;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Greedy decoding on one model folder: the {@code ort} engine's Java token loop ({@link OrtDecoder}, KV cache owned
 * by Java) against ONNX Runtime GenAI's native loop ({@link Generator}, greedy), same intra-op threads, the same
 * {@code libonnxruntime.so}.
 *
 * <p>One operation decodes {@value #NEW_TOKENS} tokens after a cached prompt ({@code benchmarks/genai/prompt.txt},
 * 99 ids from aipc4j's tokenizer, fed to both engines): rewind to the prompt less its last token, feed that token
 * (one single-token run), then choose and feed {@value #NEW_TOKENS} − 1 more. Both engines thus do {@value #NEW_TOKENS}
 * single-token runs and choose {@value #NEW_TOKENS} tokens per operation: decode only, no prefill. Scores are per
 * token ({@link OperationsPerInvocation}): throughput is tokens/s, {@code gc.alloc.rate.norm} bytes per token.
 *
 * <p>{@code threadBytes / tokens} ({@link AuxCounters} results) is what the benchmark thread itself allocated on the
 * Java heap per token, from {@code ThreadMXBean}: {@code gc.alloc.rate.norm} also counts every other thread of the
 * JVM (JMH's own), which at a few tokens per second adds hundreds of bytes per token that no token loop caused.
 *
 * <p>GenAI runs with {@code min_length = max_length} so that an end-of-sequence token cannot stop it early; the
 * trial's setup checks that both engines choose the very same {@value #NEW_TOKENS} tokens.
 *
 * <p>Presets: {@code tiny} ({@link Phi3Config#tiny()}, ~8 MB, per-token overhead dominates) and {@code bench}
 * ({@link Phi3Config#bench()}, ~250 MB fp16, compute dominates), written once under
 * {@code target/llm-ort-bench/<preset>}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LlmOrtLoopBenchmark {
    static final int NEW_TOKENS = 128;
    private static final Path PROMPT = Path.of("benchmarks/genai/prompt.txt");

    /** The model folder, the prompt ids and the thread count both engines use. */
    @State(Scope.Benchmark)
    public static class Folder {
        @Param({"tiny", "bench"})
        public String preset;

        /** Intra-op threads of both engines' sessions. */
        @Param({"2"})
        public int threads;

        Path folder;
        int[] prompt;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = Path.of("target/llm-ort-bench").resolve(preset).toAbsolutePath();
            Path done = folder.resolve(".complete");
            if (!Files.exists(done)) {
                Phi3Config config = switch (preset) {
                    case "tiny" -> Phi3Config.tiny();
                    case "bench" -> Phi3Config.bench();
                    default -> throw new IllegalArgumentException("unknown preset " + preset);
                };
                Phi3ModelFolder.write(folder, Phi3Weights.generate(config), Path.of("native/tokenizers/phi3"));
                Files.writeString(done, preset + "\n");
            }
            try (OrtBackend backend = OrtBackend.open(folder, "cpu", threads)) {
                prompt = backend.codec().encode(Files.readString(PROMPT));
            }
            int[] ort = OrtLoop.tokens(this);
            int[] genai = GenAiLoop.tokens(this);
            if (!Arrays.equals(ort, genai)) {
                throw new IllegalStateException("the engines disagree on " + preset + ":\nort   " + Arrays.toString(ort)
                        + "\ngenai " + Arrays.toString(genai));
            }
            System.out.println("\n" + preset + ": prompt " + prompt.length + " ids, both engines generate "
                    + Arrays.toString(Arrays.copyOf(ort, 16)) + " …");
        }
    }

    /** The ort engine: a decoder holding the prompt in its cache. */
    @State(Scope.Thread)
    public static class OrtLoop {
        OrtBackend backend;
        OrtDecoder decoder;
        int[] one = new int[1];
        int rewindTo;
        int last;

        @Setup(Level.Trial)
        public void setUp(Folder f) {
            backend = OrtBackend.open(f.folder, "cpu", f.threads);
            decoder = backend.newDecoder();
            decoder.next(f.prompt, 0, f.prompt.length);
            rewindTo = f.prompt.length - 1;
            last = f.prompt[f.prompt.length - 1];
        }

        /** One operation; writes the chosen tokens into {@code out} when it is not null. */
        int decode(int[] out) {
            decoder.truncate(rewindTo);
            int[] in = one;
            in[0] = last;
            for (int i = 0; i < NEW_TOKENS; i++) {
                in[0] = decoder.next(in, 0, 1);
                if (out != null) {
                    out[i] = in[0];
                }
            }
            return in[0];
        }

        static int[] tokens(Folder f) {
            OrtLoop loop = new OrtLoop();
            loop.setUp(f);
            try {
                int[] out = new int[NEW_TOKENS];
                loop.decode(out);
                return out;
            } finally {
                loop.tearDown();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            decoder.close();
            backend.close();
        }
    }

    /** GenAI's loop: a greedy generator holding the prompt in its cache. */
    @State(Scope.Thread)
    public static class GenAiLoop {
        Model model;
        GeneratorParams params;
        Generator generator;
        int[] last;
        int rewindTo;

        @Setup(Level.Trial)
        public void setUp(Folder f) {
            try (Config config = Config.load(f.folder)) {
                config.overlay("{\"model\": {\"decoder\": {\"session_options\": {\"intra_op_num_threads\": " + f.threads + "}}}}");
                model = Model.load(config);
            }
            int max = f.prompt.length + NEW_TOKENS;
            params = GeneratorParams.create(model).maxLength(max).greedy();
            params.set("min_length", max);
            generator = Generator.create(model, params);
            generator.appendTokens(f.prompt);
            rewindTo = f.prompt.length - 1;
            last = new int[] {f.prompt[f.prompt.length - 1]};
        }

        int decode(int[] out) {
            generator.rewindTo(rewindTo);
            generator.appendTokens(last);
            int token = 0;
            for (int i = 0; i < NEW_TOKENS; i++) {
                generator.generateNextToken();
                token = generator.nextToken();
                if (out != null) {
                    out[i] = token;
                }
            }
            return token;
        }

        static int[] tokens(Folder f) {
            GenAiLoop loop = new GenAiLoop();
            loop.setUp(f);
            try {
                int[] out = new int[NEW_TOKENS];
                loop.decode(out);
                return out;
            } finally {
                loop.tearDown();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            generator.close();
            params.close();
            model.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(NEW_TOKENS)
    public int ortJavaLoop(OrtLoop loop, ThreadAllocation allocation) {
        long start = ThreadAllocation.now();
        int token = loop.decode(null);
        allocation.add(start, NEW_TOKENS);
        return token;
    }

    @Benchmark
    @OperationsPerInvocation(NEW_TOKENS)
    public int genaiNativeLoop(GenAiLoop loop, ThreadAllocation allocation) {
        long start = ThreadAllocation.now();
        int token = loop.decode(null);
        allocation.add(start, NEW_TOKENS);
        return token;
    }
}
