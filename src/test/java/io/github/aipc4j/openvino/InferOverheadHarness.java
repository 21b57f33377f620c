package io.github.aipc4j.openvino;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3Onnx;
import io.github.aipc4j.modelfactory.Phi3Weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark harness, not a test: the time per inference of the tiny Phi-3 decoder (stateless ONNX, one decode step
 * over a cache of {@code --past} tokens) through aipc4j's OpenVINO API, for {@code benchmarks/openvino/infer_overhead.py},
 * which runs OpenVINO's Python API on the same model file with the same properties and compares.
 *
 * <p>Two loops: {@code infer} (inputs bound once, {@code infer()} only) and {@code step} (per iteration: write the
 * token and position into the caller-owned input memory, bind all inputs, infer, copy the last logits row out).
 * Each round times {@code --iterations} iterations with {@link System#nanoTime()}; the JSON lists each round's mean
 * microseconds per iteration.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes \
 *     io.github.aipc4j.openvino.InferOverheadHarness --model target/ov-bench/tiny-phi3.onnx --out java.json
 * </pre>
 */
public final class InferOverheadHarness {
    private InferOverheadHarness() {
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> a = new HashMap<>(Map.of("--threads", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "--warmup", "2000", "--iterations", "2000", "--rounds", "7", "--past", "16", "--label", "java"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i], argv[i + 1]);
        }
        Path model = Path.of(a.getOrDefault("--model", "target/ov-bench/tiny-phi3.onnx"));
        Path out = Path.of(a.getOrDefault("--out", "target/ov-bench/java.json"));
        int threads = Integer.parseInt(a.get("--threads"));
        int warmup = Integer.parseInt(a.get("--warmup"));
        int iterations = Integer.parseInt(a.get("--iterations"));
        int rounds = Integer.parseInt(a.get("--rounds"));
        int past = Integer.parseInt(a.get("--past"));

        Phi3Config config = Phi3Config.tiny();
        if (!Files.isRegularFile(model)) {
            Files.createDirectories(model.toAbsolutePath().getParent());
            Phi3Onnx.build(Phi3Weights.generate(config)).write(model);
        }
        int kvHeads = config.kvHeads();
        int headDim = config.headDim();
        int layers = config.layers();
        int vocab = config.vocabSize();
        Properties properties = Properties.create()
                .performanceHint(PerformanceHint.LATENCY)
                .numStreams(1)
                .inferenceNumThreads(threads)
                .executionMode(ExecutionMode.ACCURACY)
                .inferencePrecision(ElementType.FLOAT32);

        try (Core core = Core.create();
             CompiledModel compiled = core.compile(model, "CPU", properties);
             InferRequest request = compiled.createInferRequest();
             Arena arena = Arena.ofConfined()) {
            // caller-owned input memory, wrapped once (zero-copy)
            MemorySegment ids = arena.allocate(ValueLayout.JAVA_LONG, 1);
            MemorySegment mask = arena.allocate(ValueLayout.JAVA_LONG, past + 1);
            MemorySegment pos = arena.allocate(ValueLayout.JAVA_LONG, 1);
            for (int i = 0; i <= past; i++) {
                mask.setAtIndex(ValueLayout.JAVA_LONG, i, 1);
            }
            ids.set(ValueLayout.JAVA_LONG, 0, 15043);
            pos.set(ValueLayout.JAVA_LONG, 0, past);
            long kvCount = (long) kvHeads * past * headDim;
            List<String> names = new ArrayList<>(List.of("input_ids", "attention_mask", "position_ids"));
            List<Tensor> tensors = new ArrayList<>(List.of(
                    Tensor.wrap(ids, ElementType.INT64, 1, 1),
                    Tensor.wrap(mask, ElementType.INT64, 1, past + 1),
                    Tensor.wrap(pos, ElementType.INT64, 1, 1)));
            for (int l = 0; l < layers; l++) {
                for (int kv = 0; kv < 2; kv++) {
                    MemorySegment cache = arena.allocate(ValueLayout.JAVA_FLOAT, kvCount);
                    for (long i = 0; i < kvCount; i++) { // the same values as the Python side: 0.1 sin(i + offset)
                        cache.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (0.1 * Math.sin(i + 1000 * (2 * l + kv))));
                    }
                    names.add("past_key_values." + l + (kv == 0 ? ".key" : ".value"));
                    tensors.add(Tensor.wrap(cache, ElementType.FLOAT32, 1, kvHeads, past, headDim));
                }
            }
            for (int i = 0; i < names.size(); i++) {
                request.setTensor(names.get(i), tensors.get(i));
            }
            float[] row = new float[vocab];

            Runnable infer = request::infer;
            Runnable step = () -> {
                ids.set(ValueLayout.JAVA_LONG, 0, 15043);
                pos.set(ValueLayout.JAVA_LONG, 0, past);
                for (int i = 0; i < names.size(); i++) {
                    request.setTensor(names.get(i), tensors.get(i));
                }
                request.infer();
                try (Tensor logits = request.getTensor("logits")) {
                    MemorySegment.copy(logits.data(), ValueLayout.JAVA_FLOAT, 0, row, 0, vocab);
                }
            };
            double[] inferUs = time(infer, warmup, iterations, rounds);
            double[] stepUs = time(step, warmup, iterations, rounds);

            step.run();
            int argmax = 0;
            for (int i = 1; i < vocab; i++) {
                if (row[i] > row[argmax]) {
                    argmax = i;
                }
            }
            String json = String.format(Locale.ROOT, """
                    {
                      "label": "%s",
                      "binding": "aipc4j (Java %s)",
                      "openvino": "%s",
                      "threads": %d, "past": %d, "warmup": %d, "iterations": %d,
                      "infer_us": %s,
                      "step_us": %s,
                      "argmax": %d,
                      "logits_head": %s
                    }
                    """, a.get("--label"), Runtime.version(), Core.version().buildNumber(), threads, past, warmup,
                    iterations, Arrays.toString(inferUs), Arrays.toString(stepUs), argmax,
                    Arrays.toString(Arrays.copyOf(row, 8)));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
            System.out.print(json);
        }
    }

    /** Mean microseconds per call in each of {@code rounds} timed rounds, after {@code warmup} untimed calls. */
    private static double[] time(Runnable call, int warmup, int iterations, int rounds) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                call.run();
            }
            us[r] = (System.nanoTime() - start) / 1e3 / iterations;
        }
        return us;
    }
}
