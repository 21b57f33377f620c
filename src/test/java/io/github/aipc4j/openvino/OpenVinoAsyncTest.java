package io.github.aipc4j.openvino;

import io.github.aipc4j.core.ElementType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asynchronous inference: several requests in flight, completion off OpenVINO's threads, failures, await. */
class OpenVinoAsyncTest {
    private static final int REQUESTS = 4;

    private static Core core;
    private static CompiledModel compiled;

    @BeforeAll
    static void setUp() {
        core = Core.create();
        try (Model model = core.readModel(TinyPhi3Ov.onnxBytes())) {
            compiled = core.compile(model, "CPU", TinyPhi3Ov.accuracy().performanceHint(PerformanceHint.THROUGHPUT)
                    .numStreams(2));
        }
    }

    @AfterAll
    static void tearDown() {
        if (compiled != null) {
            compiled.close();
        }
        if (core != null) {
            core.close();
        }
    }

    /** A different prompt per request: the first {@code 3 + i} tokens of the shared one, shifted. */
    private static int[] prompt(int i) {
        int[] p = Arrays.copyOf(TinyPhi3Ov.PROMPT, 3 + i);
        for (int j = 1; j < p.length; j++) {
            p[j] += 7 * i;
        }
        return p;
    }

    @Test
    void severalRequestsInFlightGiveTheSynchronousResults() throws Exception {
        List<float[]> expected = new ArrayList<>();
        try (InferRequest sync = compiled.createInferRequest()) {
            for (int i = 0; i < REQUESTS; i++) {
                TinyPhi3Ov.bindOnnxPrefill(sync, prompt(i));
                sync.infer();
                expected.add(TinyPhi3Ov.logits(sync));
            }
        }
        List<InferRequest> requests = new ArrayList<>();
        try {
            List<CompletableFuture<float[]>> results = new ArrayList<>();
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                InferRequest r = compiled.createInferRequest();
                requests.add(r);
                TinyPhi3Ov.bindOnnxPrefill(r, prompt(i));
            }
            for (InferRequest r : requests) { // all started before any is awaited
                results.add(r.startAsync().thenApply(done -> {
                    assertSame(r, done);
                    synchronized (threads) {
                        threads.add(Thread.currentThread().getName());
                    }
                    return TinyPhi3Ov.logits(done); // real work in the continuation: never on OpenVINO's thread
                }));
            }
            for (int i = 0; i < REQUESTS; i++) {
                float[] actual = results.get(i).get(30, TimeUnit.SECONDS);
                assertArrayEquals(expected.get(i), actual, "request " + i);
            }
            for (String t : threads) {
                assertTrue(t.equals("aipc4j-openvino-completion") || t.equals(Thread.currentThread().getName()),
                        "completed on " + t);
            }
            // a request runs again after its future completed
            InferRequest again = requests.getFirst();
            assertTrue(again.startAsync().get(30, TimeUnit.SECONDS) == again);
            assertArrayEquals(expected.getFirst(), TinyPhi3Ov.logits(again));
        } finally {
            requests.forEach(InferRequest::close);
        }
    }

    @Test
    void awaitWithATimeoutCompletesTheFuture() {
        try (InferRequest request = compiled.createInferRequest()) {
            assertTrue(request.await(Duration.ZERO), "nothing started: nothing to wait for");
            TinyPhi3Ov.bindOnnxPrefill(request, TinyPhi3Ov.PROMPT);
            CompletableFuture<InferRequest> future = request.startAsync();
            IllegalStateException busy = assertThrows(IllegalStateException.class, request::startAsync);
            assertTrue(busy.getMessage().contains("running"), busy.getMessage());
            assertThrows(IllegalStateException.class, request::infer);
            assertTrue(request.await(Duration.ofSeconds(30)));
            assertTrue(future.isDone(), "await completes the future itself");
            assertSame(request, future.join());
            float[] async = TinyPhi3Ov.logits(request);

            CompletableFuture<InferRequest> second = request.startAsync();
            boolean ready = request.await(Duration.ZERO); // RESULT_NOT_READY (false) unless it already finished
            assertTrue(!ready || second.isDone(), "a true await means a completed future");
            request.await(); // no timeout
            assertTrue(second.isDone());
            assertArrayEquals(async, TinyPhi3Ov.logits(request));
            request.infer(); // synchronous again once idle
            assertArrayEquals(async, TinyPhi3Ov.logits(request));
        }
    }

    @Test
    void aFailedInferenceCompletesTheFutureExceptionallyAndTheRequestStaysUsable() {
        try (InferRequest request = compiled.createInferRequest()) {
            TinyPhi3Ov.bindOnnxPrefill(request, TinyPhi3Ov.PROMPT);
            // one layer's cached keys three steps long, its values none: the attention's shapes cannot match
            try (Tensor keys = Tensor.allocate(ElementType.FLOAT32, 1, TinyPhi3Ov.config().kvHeads(), 3,
                    TinyPhi3Ov.config().headDim())) {
                request.setTensor("past_key_values.0.key", keys);
            }
            CompletableFuture<InferRequest> future = request.startAsync();
            CompletionException e = assertThrows(CompletionException.class, future::join);
            OpenVinoException cause = assertInstanceOf(OpenVinoException.class, e.getCause());
            assertEquals(OpenVinoStatus.GENERAL_ERROR, cause.status());
            assertTrue(cause.getMessage().startsWith("asynchronous inference: GENERAL_ERROR"), cause.getMessage());
            assertFalse(cause.nativeMessage() == null || cause.nativeMessage().isBlank());

            // the same failure, synchronously
            OpenVinoException sync = assertThrows(OpenVinoException.class, request::infer);
            assertEquals(OpenVinoStatus.GENERAL_ERROR, sync.status());

            TinyPhi3Ov.bindOnnxPrefill(request, TinyPhi3Ov.PROMPT);
            assertSame(request, request.startAsync().join());
            assertEquals(TinyPhi3Ov.PROMPT.length * (long) TinyPhi3Ov.config().vocabSize(),
                    TinyPhi3Ov.logits(request).length);
        }
    }

    @Test
    void closingARequestWithAnInferenceInFlightWaitsAndCancelsItsFuture() {
        InferRequest request = compiled.createInferRequest();
        TinyPhi3Ov.bindOnnxPrefill(request, TinyPhi3Ov.PROMPT);
        CompletableFuture<InferRequest> future = request.startAsync();
        request.close();
        assertTrue(future.isDone());
        // either it finished before close got there, or close cancelled it
        if (future.isCompletedExceptionally()) {
            assertThrows(java.util.concurrent.CancellationException.class, future::join);
        }
        assertThrows(IllegalStateException.class, request::startAsync);
    }
}
