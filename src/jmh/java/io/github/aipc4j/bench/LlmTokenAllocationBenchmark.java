package io.github.aipc4j.bench;

import io.github.aipc4j.llm.Engines;
import io.github.aipc4j.llm.GenerationConfig;
import io.github.aipc4j.llm.GenerationResult;
import io.github.aipc4j.llm.LanguageModel;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
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
 * Java heap allocated per decoded token, through the public API ({@code LanguageModel.generate(ids, config)
 * .streamTokens(...)}: the token loop, the engine's decoder, greedy sampling; no text), on each engine with the tiny
 * model. One operation is one generation of {@code newTokens} tokens after a 16-token prompt. {@code threadBytes /
 * tokens} is what the generating thread allocated per token, everything included (result, id array, prompt feed);
 * at two lengths, the difference of {@code threadBytes} over the difference of tokens is the steady-state cost per
 * token, with what a generation allocates once cancelled out. ({@code gc.alloc.rate.norm} counts every thread,
 * JMH's own included, about 2 MB/s here: tens of KB per operation that are not the loop's.)
 *
 * <pre>bin/mvn -Pbench verify -Djmh.args="LlmTokenAllocationBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LlmTokenAllocationBenchmark {
    @Param({"genai", "ort", "openvino"})
    public String engine;

    @Param({"64", "192"})
    public int newTokens;

    private Path folder;
    private LanguageModel model;
    private int[] prompt;
    private GenerationConfig config;
    private long sink;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("aipc4j-alloc-bench");
        Phi3ModelFolder.write(folder, Phi3Weights.generate(Phi3Config.tiny()), Path.of("native/tokenizers/phi3"));
        model = Engines.open(folder, engine, "cpu");
        prompt = Arrays.copyOf(model.codec().encode("An AI PC runs language models on its own CPU, GPU and NPU, "
                + "so that a Java program can answer questions."), 16);
        config = GenerationConfig.builder().maxNewTokens(newTokens).stopTokenIds().build();
        GenerationResult check = model.generate(prompt, config).streamTokens(id -> { });
        if (check.tokenIds().length != newTokens) {
            throw new IllegalStateException(engine + " generated " + check.tokenIds().length + " tokens");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        model.close();
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(folder);
    }

    @Benchmark
    public long generate(ThreadAllocation allocation) {
        long start = ThreadAllocation.now();
        model.generate(prompt, config).streamTokens(id -> sink += id);
        allocation.add(start, newTokens);
        return sink;
    }
}
