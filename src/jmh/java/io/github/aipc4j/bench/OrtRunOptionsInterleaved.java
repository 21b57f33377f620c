package io.github.aipc4j.bench;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.ort.Environment;
import io.github.aipc4j.ort.GraphOptimizationLevel;
import io.github.aipc4j.ort.IoBinding;
import io.github.aipc4j.ort.RunOptions;
import io.github.aipc4j.ort.Session;
import io.github.aipc4j.ort.SessionOptions;
import io.github.aipc4j.ort.Tensor;
import io.github.aipc4j.testing.onnx.TestModels;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Can a session or run option lower ONNX Runtime's own per-call floor? The Identity INT64 [1,16] run of
 * {@code OrtRunBenchmark} through a reused IoBinding, on sessions that differ in one option each (memory pattern off,
 * CPU arena off, graph optimisation ALL or off, run config {@code disable_synchronize_execution_providers}, no
 * spinning) and in all of them, interleaved in one JVM (ABBA rounds of 200 000 runs per variant); prints the median
 * and the fastest round per variant.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes io.github.aipc4j.bench.OrtRunOptionsInterleaved</pre>
 */
public final class OrtRunOptionsInterleaved {
    private static final int RUNS = 200_000;
    private static final int ROUNDS = 12;

    private record Variant(String name, IoBinding binding, RunOptions options) {
    }

    private OrtRunOptionsInterleaved() {
    }

    public static void main(String[] args) {
        Environment env = Environment.create();
        byte[] model = TestModels.identity(ElemType.INT64, 1, 16).toBytes();
        Arena arena = Arena.ofShared();
        List<Variant> variants = new ArrayList<>();
        for (String name : List.of("base", "noMemPattern", "noArena", "optAll", "optDisable", "runNoSync", "noSpin",
                "allOfThem")) {
            Set<String> on = name.equals("allOfThem")
                    ? Set.of("noMemPattern", "noArena", "optDisable", "runNoSync", "noSpin") : Set.of(name);
            Session session;
            try (SessionOptions so = SessionOptions.create().intraOpThreads(1)) {
                so.memoryPattern(!on.contains("noMemPattern")).cpuMemoryArena(!on.contains("noArena"));
                if (on.contains("optAll")) {
                    so.optimizationLevel(GraphOptimizationLevel.ALL);
                }
                if (on.contains("optDisable")) {
                    so.optimizationLevel(GraphOptimizationLevel.DISABLE_ALL);
                }
                if (on.contains("noSpin")) {
                    so.config("session.intra_op.allow_spinning", "0");
                }
                session = Session.create(env, model, so);
            }
            IoBinding binding = session.bind();
            binding.bindInput(session.inputs().getFirst().name(),
                    Tensor.wrap(arena.allocateFrom(ValueLayout.JAVA_LONG, new long[16]), ElementType.INT64, 1, 16));
            binding.bindOutput(session.outputs().getFirst().name(),
                    Tensor.wrap(arena.allocate(128, 64), ElementType.INT64, 1, 16));
            RunOptions options = RunOptions.create();
            if (on.contains("runNoSync")) {
                options.config("disable_synchronize_execution_providers", "1");
            }
            variants.add(new Variant(name, binding, options));
        }
        for (Variant v : variants) {
            time(v);
        }
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Variant> order = new ArrayList<>(variants);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Variant v : order) {
                micros.computeIfAbsent(v.name, k -> new ArrayList<>()).add(time(v));
            }
        }
        double base = median(micros.get("base"));
        micros.forEach((name, list) -> System.out.printf("%-13s median %.3f µs (%.2f× base), fastest round %.3f µs%n",
                name, median(list), median(list) / base, Collections.min(list)));
    }

    private static double time(Variant v) {
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            v.binding.run(v.options);
        }
        return (System.nanoTime() - start) / 1e3 / RUNS;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
