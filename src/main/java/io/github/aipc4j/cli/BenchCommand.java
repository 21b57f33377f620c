package io.github.aipc4j.cli;

import io.github.aipc4j.llm.Engines;
import io.github.aipc4j.llm.GenerationConfig;
import io.github.aipc4j.llm.GenerationMetrics;
import io.github.aipc4j.llm.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code aipc4j bench}: the same prompt ids and greedy decoding of a fixed number of tokens (end-of-sequence
 * ignored) on each engine, one after another in this process; prints time to first token and decode speed side by
 * side (median of the runs, with min–max). For careful comparisons use the JMH benchmarks in {@code benchmarks/}.
 */
@Command(name = "bench", description = "Time to first token and tokens/s per engine, side by side.")
final class BenchCommand implements Callable<Integer> {
    static final String TEXT = "An AI PC runs language models on its own CPU, GPU and NPU, so that a Java program can "
            + "answer questions, summarise documents and write code without sending anything to a server. ";

    @Mixin
    ModelOptions modelOptions;
    @Option(names = "--engines", split = ",", paramLabel = "LIST",
            description = "Engines to compare (default: every engine that can read the model folder).")
    List<String> engines;
    @Option(names = "--prompt-tokens", defaultValue = "64", description = "Prompt length. Default: ${DEFAULT-VALUE}.")
    int promptTokens;
    @Option(names = "--new-tokens", defaultValue = "128", description = "Tokens generated per run. Default: ${DEFAULT-VALUE}.")
    int newTokens;
    @Option(names = "--runs", defaultValue = "3", description = "Measured runs per engine. Default: ${DEFAULT-VALUE}.")
    int runs;
    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs first. Default: ${DEFAULT-VALUE}.")
    int warmup;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (promptTokens < 1 || newTokens < 1 || runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("--prompt-tokens, --new-tokens and --runs must be >= 1, --warmup >= 0");
        }
        Path folder = modelOptions.folder(err);
        List<String> selected = engines != null ? engines : Engines.available(folder);
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(newTokens).stopTokenIds().build();
        List<String> rows = new ArrayList<>();
        int failures = 0;
        for (String engine : selected) {
            try (LanguageModel model = Loading.open(folder, engine, modelOptions.device, modelOptions.exact, err)) {
                int[] prompt = prompt(model);
                for (int i = 0; i < warmup; i++) {
                    model.generate(prompt, config).streamTokens(id -> { });
                }
                double[] ttft = new double[runs];
                double[] speed = new double[runs];
                for (int i = 0; i < runs; i++) {
                    GenerationMetrics m = model.generate(prompt, config).streamTokens(id -> { }).metrics();
                    ttft[i] = m.timeToFirstTokenMillis();
                    speed[i] = m.tokensPerSecond();
                }
                rows.add(String.format("%-9s %-6s %7d %7d %10s %16s", model.engine(), model.device(), prompt.length,
                        newTokens, summary(ttft, "%.1f"), summary(speed, "%.1f")));
            } catch (RuntimeException e) {
                failures++;
                rows.add(String.format("%-9s %-6s failed: %s", engine, modelOptions.device, e.getMessage()));
            }
        }
        out.printf("%-9s %-6s %7s %7s %10s %16s%n", "engine", "device", "prompt", "new", "TTFT ms", "tokens/s");
        rows.forEach(out::println);
        out.printf("(median [min-max] of %d runs after %d warm-up, greedy, end-of-sequence ignored, %s)%n", runs, warmup,
                folder);
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private int[] prompt(LanguageModel model) {
        int[] ids = model.codec().encode(TEXT.repeat(1 + promptTokens / 20));
        if (ids.length < promptTokens) {
            throw new IllegalStateException("the bench text encodes to only " + ids.length + " tokens");
        }
        if (promptTokens + newTokens > model.contextLength()) {
            throw new IllegalArgumentException("--prompt-tokens + --new-tokens = " + (promptTokens + newTokens)
                    + " exceeds the model's context of " + model.contextLength());
        }
        return Arrays.copyOf(ids, promptTokens);
    }

    private static String summary(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        String median = String.format(format, sorted[sorted.length / 2]);
        return sorted.length == 1 ? median : median + " [" + String.format(format, sorted[0]) + "-"
                + String.format(format, sorted[sorted.length - 1]) + "]";
    }
}
