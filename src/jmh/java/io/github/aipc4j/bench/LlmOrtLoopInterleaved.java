package io.github.aipc4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link LlmOrtLoopBenchmark}'s two operations interleaved in one JVM, for a ratio that load drift on a shared
 * machine cannot bias: both engines are loaded side by side, and each round runs one operation ({@value
 * LlmOrtLoopBenchmark#NEW_TOKENS} decoded tokens) of each, in the order ort, genai, then genai, ort (ABBA), so a
 * slowly changing load hits both equally. Reports each round's tokens/s, the medians, the median of the per-round
 * ratios, and the Java heap bytes each loop's thread allocated per token (ThreadMXBean).
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:&lt;jmh and test deps&gt;
 *       io.github.aipc4j.bench.LlmOrtLoopInterleaved [--presets tiny,bench] [--threads 1,2] [--rounds 8]
 *       [--warmup 2] [--load-first ort|genai] [--out FILE]
 * </pre>
 * Run from the repository root (it reads {@code benchmarks/genai/prompt.txt} and writes the models under
 * {@code target/llm-ort-bench}).
 */
public final class LlmOrtLoopInterleaved {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private LlmOrtLoopInterleaved() {
    }

    private interface Op {
        void run();
    }

    public static void main(String[] args) throws IOException {
        List<String> presets = List.of("tiny", "bench");
        List<Integer> threads = List.of(2);
        int rounds = 8;
        int warmup = 2;
        Path out = null;
        boolean genaiFirst = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--presets" -> presets = List.of(args[i + 1].split(","));
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--load-first" -> genaiFirst = args[i + 1].equals("genai");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> results = new ArrayList<>();
        for (int t : threads) {
            for (String preset : presets) {
                results.add(run(preset, t, rounds, warmup, genaiFirst));
            }
        }
        String json = "{\n  \"benchmark\": \"LlmOrtLoopInterleaved\",\n  \"new_tokens\": " + LlmOrtLoopBenchmark.NEW_TOKENS
                + ",\n  \"rounds\": " + rounds + ",\n  \"warmup\": " + warmup
                + ",\n  \"java\": \"" + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "\",\n  \"presets\": [\n" + String.join(",\n", results) + "\n  ]\n}\n";
        System.out.print(json);
        if (out != null) {
            Files.writeString(out, json);
        }
    }

    private static String run(String preset, int threads, int rounds, int warmup, boolean genaiFirst) throws IOException {
        LlmOrtLoopBenchmark.Folder folder = new LlmOrtLoopBenchmark.Folder();
        folder.preset = preset;
        folder.threads = threads;
        folder.setUp(); // writes the model if needed and checks that both engines choose the same tokens
        LlmOrtLoopBenchmark.OrtLoop ort = new LlmOrtLoopBenchmark.OrtLoop();
        LlmOrtLoopBenchmark.GenAiLoop genai = new LlmOrtLoopBenchmark.GenAiLoop();
        if (genaiFirst) { // which session is loaded first decides where the big weight buffers land
            genai.setUp(folder);
            ort.setUp(folder);
        } else {
            ort.setUp(folder);
            genai.setUp(folder);
        }
        try {
            Op ortOp = () -> ort.decode(null);
            Op genaiOp = () -> genai.decode(null);
            // warm-up: at least `warmup` operations of each, and 10 s in all (the tiny model's loop needs thousands of
            // tokens before the JIT has compiled it)
            long warmupEnd = System.nanoTime() + 10_000_000_000L;
            double slowest = 0;
            for (int i = 0; i < warmup || System.nanoTime() < warmupEnd; i++) {
                slowest = Math.max(1 / time(ortOp, 1, null), 1 / time(genaiOp, 1, null));
            }
            // a round runs each operation often enough to last about a second: short rounds are all scheduler noise
            int repeat = (int) Math.max(1, Math.ceil(1.0 / (slowest * LlmOrtLoopBenchmark.NEW_TOKENS)));
            double[] ortRates = new double[rounds];
            double[] genaiRates = new double[rounds];
            double[] ratios = new double[rounds];
            long[] ortBytes = new long[1];
            long[] genaiBytes = new long[1];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    ortRates[r] = time(ortOp, repeat, ortBytes);
                    genaiRates[r] = time(genaiOp, repeat, genaiBytes);
                } else {
                    genaiRates[r] = time(genaiOp, repeat, genaiBytes);
                    ortRates[r] = time(ortOp, repeat, ortBytes);
                }
                ratios[r] = ortRates[r] / genaiRates[r];
                System.err.printf(Locale.ROOT, "%s/%d threads round %d: ort %.1f tok/s, genai %.1f tok/s, ratio %.3f%n", preset, threads, r,
                        ortRates[r], genaiRates[r], ratios[r]);
            }
            long tokens = (long) rounds * repeat * LlmOrtLoopBenchmark.NEW_TOKENS;
            return String.format(Locale.ROOT, """
                        {
                          "preset": "%s",
                          "threads": %d,
                          "loaded_first": "%s",
                          "prompt_tokens": %d,
                          "operations_per_round": %d,
                          "ort_tokens_per_s": %s,
                          "genai_tokens_per_s": %s,
                          "ort_median_tokens_per_s": %.2f,
                          "genai_median_tokens_per_s": %.2f,
                          "ratio_per_round": %s,
                          "ratio_median": %.3f,
                          "ort_thread_bytes_per_token": %.2f,
                          "genai_thread_bytes_per_token": %.2f
                        }""", preset, threads, genaiFirst ? "genai" : "ort", folder.prompt.length, repeat, format(ortRates), format(genaiRates), median(ortRates),
                    median(genaiRates), format(ratios), median(ratios), ortBytes[0] / (double) tokens,
                    genaiBytes[0] / (double) tokens);
        } finally {
            ort.tearDown();
            genai.tearDown();
        }
    }

    /**
     * Tokens/s of {@code repeat} operations; adds the thread's heap allocation to {@code bytes} when it is not null.
     */
    private static double time(Op op, int repeat, long[] bytes) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < repeat; i++) {
            op.run();
        }
        long nanos = System.nanoTime() - start;
        if (bytes != null) {
            bytes[0] += THREADS.getCurrentThreadAllocatedBytes() - allocated;
        }
        return (double) repeat * LlmOrtLoopBenchmark.NEW_TOKENS * 1e9 / nanos;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return b.append(']').toString();
    }
}
