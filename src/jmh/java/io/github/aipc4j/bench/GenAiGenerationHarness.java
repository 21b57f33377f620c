package io.github.aipc4j.bench;

import io.github.aipc4j.genai.Config;
import io.github.aipc4j.genai.GenAI;
import io.github.aipc4j.genai.Generator;
import io.github.aipc4j.genai.GeneratorParams;
import io.github.aipc4j.genai.Model;
import io.github.aipc4j.genai.Tokenizer;
import io.github.aipc4j.genai.TokenizerStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy text generation through aipc4j's GenAI layer, timed the way {@code benchmarks/genai/genai_python.py} times
 * GenAI's own Python API (the two are run against each other by {@code benchmarks/genai/run.sh}).
 * <p>
 * Per run: a fresh {@link Generator} (created before the clock starts), then
 * <ul>
 *   <li><b>TTFT</b>: from the start of {@code appendTokens(prompt)} until the first generated token is available
 *       (after the first {@code generateNextToken()} + {@code nextToken()} and its streamed decode);</li>
 *   <li><b>decode tokens/s</b>: the remaining {@code newTokens - 1} tokens (each: {@code isDone},
 *       {@code generateNextToken}, {@code nextToken}, {@code TokenizerStream.decode}) divided by the time from the
 *       first token to the last.</li>
 * </ul>
 * Measured runs set {@code min_length = max_length = prompt + newTokens}, so that exactly {@code newTokens} tokens
 * come out whatever the model says; the first warm-up runs without {@code min_length} and reports whether greedy
 * decoding would have stopped at an end-of-sequence token ({@code natural_eos_at}).
 * <p>
 * Usage (test classpath, e.g. {@code java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes
 * io.github.aipc4j.bench.GenAiGenerationHarness --model DIR --prompt-file benchmarks/genai/prompt.txt}):
 * <pre>
 *   --model DIR          GenAI model folder (bin/aipc4j make-model --preset bench)
 *   --prompt-file FILE   the prompt, used byte for byte (UTF-8), encoded without special tokens added
 *   --new-tokens N       generated tokens per run (128)
 *   --warmup N           warm-up generations (2)
 *   --runs N             measured generations (5)
 *   --threads N          session_options.intra_op_num_threads overlay (0: leave the config's default)
 *   --label TEXT         a name for this process in the JSON ("java")
 *   --out FILE           also write the JSON there
 * </pre>
 * Prints one JSON object: settings, prompt ids, generated ids, per-run TTFT and tokens/s, and their medians.
 */
public final class GenAiGenerationHarness {
    private GenAiGenerationHarness() {
    }

    record Run(double ttftMs, double decodeTokensPerSecond, double totalMs, int generated, int[] tokens, String text) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = options(args);
        Path folder = Path.of(require(o, "model"));
        String promptText = Files.readString(Path.of(require(o, "prompt-file")));
        int newTokens = Integer.parseInt(o.getOrDefault("new-tokens", "128"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "2"));
        int runs = Integer.parseInt(o.getOrDefault("runs", "5"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "0"));
        String label = o.getOrDefault("label", "java");

        long loadStart = System.nanoTime();
        try (Config config = Config.load(folder)) {
            if (threads > 0) {
                config.overlay("{\"model\": {\"decoder\": {\"session_options\": {\"intra_op_num_threads\": " + threads + "}}}}");
            }
            try (Model model = Model.load(config);
                 Tokenizer tokenizer = Tokenizer.create(model)) {
                double loadMs = (System.nanoTime() - loadStart) / 1e6;
                int[] prompt = tokenizer.encode(promptText);
                int[] eos = tokenizer.eosTokenIds();
                int maxLength = prompt.length + newTokens;

                Integer naturalEosAt = null;
                List<Run> warm = new ArrayList<>();
                for (int i = 0; i < warmup; i++) {
                    Run r = generate(model, tokenizer, prompt, newTokens, i == 0 ? 0 : maxLength);
                    if (i == 0 && r.generated() < newTokens) {
                        naturalEosAt = r.generated();
                    }
                    warm.add(r);
                }
                List<Run> measured = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    Run r = generate(model, tokenizer, prompt, newTokens, maxLength);
                    if (r.generated() != newTokens) {
                        throw new IllegalStateException("run " + i + " generated " + r.generated() + " tokens, not " + newTokens);
                    }
                    measured.add(r);
                }
                for (Run r : measured) {
                    if (!Arrays.equals(r.tokens(), measured.getFirst().tokens())) {
                        throw new IllegalStateException("greedy runs disagree: " + Arrays.toString(r.tokens()) + " vs "
                                + Arrays.toString(measured.getFirst().tokens()));
                    }
                }
                int eosInOutput = 0;
                for (int t : measured.getFirst().tokens()) {
                    for (int e : eos) {
                        eosInOutput += t == e ? 1 : 0;
                    }
                }
                String json = json(label, folder, threads, newTokens, warmup, loadMs, prompt, naturalEosAt, eosInOutput,
                        warm, measured);
                System.out.println(json);
                if (o.containsKey("out")) {
                    Files.writeString(Path.of(o.get("out")), json + "\n");
                }
            }
        }
    }

    /** One generation; {@code minLength} 0 lets an end-of-sequence token stop it early. */
    static Run generate(Model model, Tokenizer tokenizer, int[] prompt, int newTokens, int minLength) {
        try (GeneratorParams params = GeneratorParams.create(model).maxLength(prompt.length + newTokens).greedy()) {
            if (minLength > 0) {
                params.set("min_length", minLength);
            }
            try (Generator generator = Generator.create(model, params);
                 TokenizerStream stream = tokenizer.stream()) {
                int[] tokens = new int[newTokens];
                StringBuilder text = new StringBuilder();
                long start = System.nanoTime();
                generator.appendTokens(prompt);
                generator.generateNextToken();
                tokens[0] = generator.nextToken();
                text.append(stream.decode(tokens[0]));
                long first = System.nanoTime();
                int n = 1;
                while (n < newTokens && !generator.isDone()) {
                    generator.generateNextToken();
                    tokens[n] = generator.nextToken();
                    text.append(stream.decode(tokens[n]));
                    n++;
                }
                long end = System.nanoTime();
                double decodeSeconds = (end - first) / 1e9;
                return new Run((first - start) / 1e6, n > 1 ? (n - 1) / decodeSeconds : Double.NaN, (end - start) / 1e6, n,
                        Arrays.copyOf(tokens, n), text.toString());
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String json(String label, Path folder, int threads, int newTokens, int warmup, double loadMs,
                               int[] prompt, Integer naturalEosAt, int eosInOutput, List<Run> warm, List<Run> runs) {
        double[] ttft = runs.stream().mapToDouble(Run::ttftMs).toArray();
        double[] tps = runs.stream().mapToDouble(Run::decodeTokensPerSecond).toArray();
        double[] total = runs.stream().mapToDouble(Run::totalMs).toArray();
        StringBuilder b = new StringBuilder("{\n");
        field(b, "label", quote(label));
        field(b, "binding", quote("aipc4j (Java FFM) over onnxruntime-genai " + GenAI.version()));
        field(b, "java", quote(System.getProperty("java.vm.name") + " " + Runtime.version()));
        field(b, "model", quote(folder.toAbsolutePath().toString()));
        field(b, "intra_op_num_threads", Integer.toString(threads));
        field(b, "new_tokens", Integer.toString(newTokens));
        field(b, "warmup", Integer.toString(warmup));
        field(b, "runs", Integer.toString(runs.size()));
        field(b, "load_ms", num(loadMs));
        field(b, "prompt_token_count", Integer.toString(prompt.length));
        field(b, "prompt_ids", Arrays.toString(prompt));
        field(b, "natural_eos_at", naturalEosAt == null ? "null" : naturalEosAt.toString());
        field(b, "eos_in_output", Integer.toString(eosInOutput));
        field(b, "generated_ids", Arrays.toString(runs.getFirst().tokens()));
        field(b, "generated_text", quote(runs.getFirst().text()));
        field(b, "warmup_ttft_ms", array(warm.stream().mapToDouble(Run::ttftMs).toArray()));
        field(b, "warmup_decode_tokens_per_s", array(warm.stream().mapToDouble(Run::decodeTokensPerSecond).toArray()));
        field(b, "ttft_ms", array(ttft));
        field(b, "decode_tokens_per_s", array(tps));
        field(b, "total_ms", array(total));
        field(b, "median_ttft_ms", num(median(ttft)));
        field(b, "median_decode_tokens_per_s", num(median(tps)));
        b.append("  \"median_total_ms\": ").append(num(median(total))).append("\n}");
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : "null";
    }

    private static String array(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(num(v[i]));
        }
        return b.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
