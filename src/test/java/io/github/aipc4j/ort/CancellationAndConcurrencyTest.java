package io.github.aipc4j.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.testing.onnx.TestModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancellationAndConcurrencyTest {

    @Test
    void terminateFromAnotherThreadStopsALongRunPromptlyAndTheSessionStaysUsable() throws Exception {
        try (Session session = OrtFixture.session(TestModels.slowWithOverridableTripCount());
             RunOptions options = RunOptions.create().tag("cancel-me");
             Tensor x = Tensor.allocate(ElementType.FLOAT32, TestModels.SLOW_SIZE, TestModels.SLOW_SIZE)) {
            x.data().fill((byte) 0);
            CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try (Outputs ignored = session.run(options, Map.of("x", x), List.of("y"))) {
                    return -1L; // finished: the model was too fast to cancel
                } catch (OrtException e) {
                    return System.nanoTime() - start;
                }
            });
            Thread.sleep(300);
            long terminatedAt = System.nanoTime();
            options.terminate();
            long ranFor = run.get(30, TimeUnit.SECONDS);
            long afterTerminate = System.nanoTime() - terminatedAt;
            assertTrue(ranFor > 0, "the run completed before it could be cancelled: make TestModels.slow() slower");
            assertTrue(afterTerminate < TimeUnit.SECONDS.toNanos(2),
                    "the run took " + afterTerminate / 1_000_000 + " ms to stop after terminate()");

            options.resume();
            try (Session quick = OrtFixture.session(TestModels.add(ElemType.FLOAT));
                 Tensor a = Tensor.allocate(ElementType.FLOAT32, 1, 1)) {
                a.setFloat(0, 2f);
                try (Outputs out = quick.run(options, Map.of("a", a, "b", a), List.of("c"))) {
                    assertEquals(4f, out.get("c").getFloat(0));
                }
            }
            // the cancelled session itself runs again (a short loop fed through its overridable trip count)
            try (Tensor trips = Tensor.allocate(ElementType.INT64)) {
                trips.setLong(0, 2);
                try (Outputs out = session.run(options, Map.of("x", x, "trip_count", trips), List.of("y"))) {
                    assertEquals(0f, out.get("y").getFloat(0));
                }
            }
        }
    }

    @Test
    void eightThreadsRunningOneSessionGetTheSingleThreadedResults() throws Exception {
        int m = 16;
        try (Session session = OrtFixture.session(TestModels.matMul(ElemType.FLOAT))) {
            List<float[]> expected = new ArrayList<>();
            for (int seed = 0; seed < 8; seed++) {
                expected.add(multiply(session, seed, m));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    int seed = thread;
                    results.add(pool.submit(() -> {
                        for (int repeat = 0; repeat < 25; repeat++) {
                            assertArrayEquals(expected.get(seed), multiply(session, seed, m));
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertTrue(f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] multiply(Session session, int seed, int m) {
        try (Tensor a = Tensor.allocate(ElementType.FLOAT32, m, m);
             Tensor b = Tensor.allocate(ElementType.FLOAT32, m, m)) {
            java.util.Random random = new java.util.Random(seed);
            for (long i = 0; i < a.elementCount(); i++) {
                a.setFloat(i, random.nextFloat());
                b.setFloat(i, random.nextFloat());
            }
            try (Outputs out = session.run(Map.of("a", a, "b", b))) {
                return out.get("c").data().toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
            }
        }
    }

    @Test
    void aTerminatedRunOptionsFailsFastUntilResumed() {
        try (Session session = OrtFixture.session(TestModels.add(ElemType.FLOAT));
             RunOptions options = RunOptions.create();
             Tensor a = Tensor.allocate(ElementType.FLOAT32, 1, 1)) {
            options.terminate();
            OrtException e = assertThrows(OrtException.class, () -> session.run(options, Map.of("a", a, "b", a), List.of("c")));
            assertTrue(e.getMessage().toLowerCase().contains("terminate"), e.getMessage());
        }
    }
}
