package io.github.aipc4j.bench;

import io.github.aipc4j.llm.openvino.OpenVinoBackend;
import io.github.aipc4j.llm.openvino.OpenVinoDecoder;
import io.github.aipc4j.modelfactory.OpenVinoIr;
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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One greedy decode step of aipc4j's OpenVINO engine ({@code OpenVinoDecoder.next} with one token: bind, infer, read
 * the logits row, argmax) on the model factory's tiny Phi-3 with its context widened to 4096 positions, so that an
 * iteration decodes a few thousand tokens without rewinding. {@code kind}: {@code onnx} (explicit KV tensors the
 * decoder owns, model.onnx read by OpenVINO) or {@code ir} (the stateful IR, cache in the request's variables). Run
 * with {@code -prof gc}: {@code gc.alloc.rate.norm} is the Java heap allocated per decoded token (goal ≤ 64 B).
 * Needs {@code native/python} (the IR is made by the pinned openvino package).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenVinoDecodeStepBenchmark {
    private static final int CONTEXT = 4096;
    private static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};

    @Param({"onnx", "ir"})
    public String kind;

    private Path dir;
    private OpenVinoBackend backend;
    private OpenVinoDecoder decoder;
    private final int[] token = new int[1];

    @Setup(Level.Trial)
    public void load() throws IOException {
        Phi3Config tiny = Phi3Config.tiny();
        Phi3Config config = new Phi3Config(tiny.vocabSize(), tiny.hidden(), tiny.layers(), tiny.heads(), tiny.kvHeads(),
                tiny.headDim(), tiny.intermediate(), CONTEXT, tiny.ropeTheta(), tiny.rmsEps(), tiny.tiedHead(),
                tiny.weightType(), tiny.seed());
        dir = Files.createTempDirectory("aipc4j-ov-step");
        Path onnx = Phi3ModelFolder.write(dir.resolve("onnx"), Phi3Weights.generate(config), null);
        Path folder = onnx;
        if (kind.equals("ir")) {
            folder = dir.resolve("ir");
            OpenVinoIr.writeStateful(onnx.resolve(Phi3ModelFolder.MODEL_FILE), folder);
            Files.copy(onnx.resolve("genai_config.json"), folder.resolve("genai_config.json"));
        }
        backend = OpenVinoBackend.open(folder, "cpu", OpenVinoBackend.defaultProperties().numStreams(1));
        decoder = backend.newDecoder();
        token[0] = decoder.next(PROMPT, 0, PROMPT.length);
    }

    /** Back to the prompt, so that every iteration decodes over a similar cache length. */
    @Setup(Level.Iteration)
    public void rewind() {
        decoder.truncate(PROMPT.length);
    }

    @Benchmark
    public int decodeStep() {
        if (decoder.length() == CONTEXT) { // not reached at ~1 s iterations; counted if it were
            decoder.truncate(PROMPT.length);
        }
        token[0] = decoder.next(token, 0, 1);
        return token[0];
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        decoder.close();
        backend.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
