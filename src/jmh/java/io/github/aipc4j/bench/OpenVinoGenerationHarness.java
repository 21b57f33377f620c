package io.github.aipc4j.bench;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.core.Json;
import io.github.aipc4j.llm.openvino.OpenVinoBackend;
import io.github.aipc4j.llm.openvino.OpenVinoDecoder;
import io.github.aipc4j.openvino.Core;
import io.github.aipc4j.openvino.ExecutionMode;
import io.github.aipc4j.openvino.Properties;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy generation through aipc4j's OpenVINO engine (the Java token loop over an infer request), driven by
 * {@code benchmarks/openvino/llm_pipeline.py}, which alternates it generation by generation with OpenVINO GenAI's
 * {@code LLMPipeline} on the same IR (both processes stay loaded, so each pair of generations sees the same machine
 * load).
 * <p>
 * Protocol (standard input/output, one line each; protocol lines start with {@value #MARK}): after loading, one JSON
 * object describing the setup (binding, properties, load time, the prompt ids); then for every {@code run} line one
 * generation and one JSON object with its timings and ids; {@code quit} or end of input stops. One decoder serves
 * every generation ({@code truncate(0)} before each, outside the clock, as the pipeline resets its state between
 * generations). Per generation:
 * <ul>
 *   <li><b>TTFT</b>: from feeding the prompt ids until the first generated id is chosen (one prefill inference);</li>
 *   <li><b>decode tokens/s</b>: the other {@code newTokens - 1} ids (one inference and a greedy argmax each) divided
 *       by the time from the first id to the last;</li>
 *   <li><b>median step</b>: the median of those {@code newTokens - 1} steps' durations.</li>
 * </ul>
 * End-of-sequence ids do not stop a generation: exactly {@code newTokens} ids come out (the pipeline side sets
 * {@code ignore_eos}).
 * <p>
 * Usage (test classpath): {@code java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes
 * io.github.aipc4j.bench.OpenVinoGenerationHarness --model DIR --prompt-file FILE}
 * <pre>
 *   --model DIR          a folder OpenVinoBackend opens (the benchmark uses a stateful IR)
 *   --prompt-file FILE   the prompt text, encoded by the folder's tokenizer.json (no special tokens added)
 *   --new-tokens N       generated ids per run (128)
 *   --threads N          INFERENCE_NUM_THREADS (0: OpenVINO's default)
 *   --accuracy           compile with EXECUTION_MODE_HINT=ACCURACY, INFERENCE_PRECISION_HINT=f32
 * </pre>
 * Always compiled with {@code PERFORMANCE_HINT=LATENCY}, {@code NUM_STREAMS=1}, device CPU.
 */
public final class OpenVinoGenerationHarness {
    /** Prefix of the protocol lines. */
    static final String MARK = "@@ ";

    private OpenVinoGenerationHarness() {
    }

    /**
     * @param medianStepMs the median of the {@code newTokens - 1} decode steps' durations (robust to a step slowed by
     *                     another process, unlike the mean behind {@code decodeTokensPerSecond})
     */
    record Run(double ttftMs, double decodeTokensPerSecond, double medianStepMs, double totalMs, int[] tokens) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = options(args);
        Path folder = Path.of(require(o, "model"));
        String promptText = Files.readString(Path.of(require(o, "prompt-file")));
        int newTokens = Integer.parseInt(o.getOrDefault("new-tokens", "128"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "0"));
        boolean accuracy = o.containsKey("accuracy");
        if (newTokens < 2) {
            throw new IllegalArgumentException("need --new-tokens >= 2");
        }
        Properties properties = OpenVinoBackend.defaultProperties().numStreams(1);
        if (threads > 0) {
            properties.inferenceNumThreads(threads);
        }
        if (accuracy) {
            properties.executionMode(ExecutionMode.ACCURACY).inferencePrecision(ElementType.FLOAT32);
        }
        long loadStart = System.nanoTime();
        try (OpenVinoBackend backend = OpenVinoBackend.open(folder, "cpu", properties);
             OpenVinoDecoder decoder = backend.newDecoder();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            double loadMs = (System.nanoTime() - loadStart) / 1e6;
            int[] prompt = backend.codec().encode(promptText);
            if (prompt.length + newTokens > backend.contextLength()) {
                throw new IllegalArgumentException(prompt.length + " prompt ids + " + newTokens + " new ones exceed the "
                        + "context of " + backend.contextLength());
            }
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("binding", "aipc4j Java token loop (llm.openvino, FFM) over OpenVINO " + Core.version().buildNumber());
            ready.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
            ready.put("model", folder.toAbsolutePath().toString());
            ready.put("stateful", backend.stateful());
            ready.put("properties", new LinkedHashMap<>(properties.asMap()));
            ready.put("load_ms", loadMs);
            ready.put("eos_token_ids", list(backend.eosTokenIds()));
            ready.put("prompt_ids", list(prompt));
            reply(ready);
            for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
                if (!line.strip().equals("run")) {
                    throw new IllegalArgumentException("expected 'run' or 'quit', got '" + line + "'");
                }
                Run r = generate(decoder, prompt, newTokens);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ttft_ms", r.ttftMs());
                result.put("decode_tokens_per_s", r.decodeTokensPerSecond());
                result.put("median_step_ms", r.medianStepMs());
                result.put("total_ms", r.totalMs());
                result.put("generated_ids", list(r.tokens()));
                reply(result);
            }
        }
    }

    /** One protocol line on standard output, marked so that the driver can tell it from anything a library prints. */
    private static void reply(Map<String, Object> json) {
        System.out.println(MARK + Json.write(json));
        System.out.flush();
    }

    /** One generation of exactly {@code newTokens} ids from an empty cache. */
    static Run generate(OpenVinoDecoder decoder, int[] prompt, int newTokens) {
        decoder.truncate(0);
        int[] tokens = new int[newTokens];
        long[] times = new long[newTokens];
        long start = System.nanoTime();
        tokens[0] = decoder.next(prompt, 0, prompt.length);
        times[0] = System.nanoTime();
        for (int n = 1; n < newTokens; n++) {
            tokens[n] = decoder.next(tokens, n - 1, 1);
            times[n] = System.nanoTime();
        }
        long first = times[0];
        long end = times[newTokens - 1];
        double[] steps = new double[newTokens - 1];
        for (int n = 1; n < newTokens; n++) {
            steps[n - 1] = (times[n] - times[n - 1]) / 1e6;
        }
        Arrays.sort(steps);
        double median = steps.length % 2 == 1 ? steps[steps.length / 2]
                : (steps[steps.length / 2 - 1] + steps[steps.length / 2]) / 2;
        return new Run((first - start) / 1e6, (newTokens - 1) / ((end - first) / 1e9), median, (end - start) / 1e6,
                tokens);
    }

    private static List<Integer> list(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("accuracy")) {
                o.put(key, "true");
            } else if (i + 1 < args.length) {
                o.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return o;
    }

    private static String require(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }
}
