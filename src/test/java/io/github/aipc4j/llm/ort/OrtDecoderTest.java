package io.github.aipc4j.llm.ort;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static io.github.aipc4j.llm.ort.TinyOrtModel.PROMPT;
import static io.github.aipc4j.llm.ort.TinyOrtModel.concat;
import static io.github.aipc4j.llm.ort.TinyOrtModel.greedy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ort engine on the tiny Phi-3 model (plain past/present graph, ping-pong KV cache) against the pure-Java
 * reference forward pass.
 */
class OrtDecoderTest {
    private static OrtBackend backend;
    private static int[] reference;

    @BeforeAll
    static void open() {
        backend = OrtBackend.open(TinyOrtModel.FOLDER, "cpu", 1);
        reference = TinyOrtModel.referenceGreedy(PROMPT, 32);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void describesTheModelFromGenAiConfig() {
        assertEquals("ort", backend.engine());
        assertEquals("cpu", backend.device());
        assertEquals(256, backend.contextLength());
        assertEquals(32064, backend.vocabSize());
        assertArrayEquals(new int[] {32000, 32001, 32007}, backend.eosTokenIds());
        assertFalse(backend.sharesPastAndPresent());
        assertArrayEquals(new int[] {15043, 3186}, backend.codec().encode("Hello world"));
    }

    @Test
    void greedyTokensEqualTheReferenceForwardPass() {
        try (OrtDecoder decoder = backend.newDecoder()) {
            int[] tokens = greedy(decoder, PROMPT, 32);
            assertArrayEquals(reference, tokens, "ort " + Arrays.toString(tokens) + " vs reference " + Arrays.toString(reference));
            assertEquals(PROMPT.length + 31, decoder.length());
            assertArrayEquals(concat(PROMPT, Arrays.copyOf(tokens, 31)), decoder.tokens());
        }
        // the reference must not be degenerate, or this test could not tell a broken cache from a working one
        assertTrue(Arrays.stream(reference).distinct().count() > 4, Arrays.toString(reference));
    }

    @Test
    void aPromptRunInChunksGivesTheSameTokens() {
        for (int chunk : new int[] {1, 3, 7}) {
            try (OrtDecoder decoder = backend.newDecoder(chunk)) {
                assertArrayEquals(reference, greedy(decoder, PROMPT, 32), "prefill chunk " + chunk);
            }
        }
    }

    @Test
    void truncatingThenFeedingAgainEqualsAFreshDecoder() {
        try (OrtDecoder rewound = backend.newDecoder(); OrtDecoder fresh = backend.newDecoder()) {
            int[] first = greedy(rewound, PROMPT, 12); // cache: prompt + 11 generated
            // keep the prompt and 4 generated tokens, then continue with a token of our own
            assertTrue(rewound.truncate(PROMPT.length + 4));
            assertEquals(PROMPT.length + 4, rewound.length());
            int[] diverge = {29871};
            int[] afterRewind = greedy(rewound, diverge, 10);
            int[] afterFresh = greedy(fresh, concat(concat(PROMPT, Arrays.copyOf(first, 4)), diverge), 10);
            assertArrayEquals(afterFresh, afterRewind);

            // inside the prompt, to a length that is not a prefix of any earlier run's cache shape
            assertTrue(rewound.truncate(3));
            int[] suffix = {526, 366, 29973, 1128};
            try (OrtDecoder other = backend.newDecoder()) {
                assertArrayEquals(greedy(other, concat(Arrays.copyOf(PROMPT, 3), suffix), 8), greedy(rewound, suffix, 8));
            }
            // back to nothing
            assertTrue(rewound.truncate(0));
            assertArrayEquals(reference, greedy(rewound, PROMPT, 32));
        }
    }

    @Test
    void feedingPastTheContextIsAClearError() {
        try (OrtDecoder decoder = backend.newDecoder()) {
            int[] full = new int[256];
            Arrays.fill(full, 15043);
            IllegalStateException tooLong = assertThrows(IllegalStateException.class,
                    () -> decoder.next(concat(full, new int[] {1}), 0, 257));
            assertTrue(tooLong.getMessage().contains("the context holds 256 tokens"), tooLong.getMessage());
            assertEquals(0, decoder.length());

            decoder.next(full, 0, 255);
            decoder.next(new int[] {15043}, 0, 1); // the last position fits
            IllegalStateException past = assertThrows(IllegalStateException.class, () -> decoder.next(new int[] {1}, 0, 1));
            assertTrue(past.getMessage().contains("256 are cached and 1 more"), past.getMessage());
            // still usable after a rewind
            decoder.truncate(0);
            assertEquals(reference[0], decoder.next(PROMPT, 0, PROMPT.length));
        }
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreRejectedBeforeRunning() {
        try (OrtDecoder decoder = backend.newDecoder()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> decoder.next(new int[] {1, 32064}, 0, 2));
            assertTrue(e.getMessage().contains("token id 32064 (at index 1) is outside the model's vocabulary [0, 32064)"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> decoder.next(new int[] {-1}, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> decoder.next(new int[] {1}, 0, 2));
            assertEquals(0, decoder.length());
            assertEquals(reference[0], decoder.next(PROMPT, 0, PROMPT.length));
        }
    }

    @Test
    void useAfterCloseThrows() {
        OrtDecoder decoder = backend.newDecoder();
        decoder.next(PROMPT, 0, PROMPT.length);
        decoder.close();
        decoder.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> decoder.next(new int[] {1}, 0, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> decoder.truncate(2));
    }

    @Test
    void closingTheBackendClosesItsDecoders() {
        OrtBackend own = OrtBackend.open(TinyOrtModel.FOLDER, null);
        OrtDecoder decoder = own.newDecoder();
        assertEquals(reference[0], decoder.next(PROMPT, 0, PROMPT.length));
        own.close();
        own.close();
        assertThrows(IllegalStateException.class, () -> decoder.next(new int[] {1}, 0, 1));
        assertThrows(IllegalStateException.class, own::newDecoder);
        assertThrows(IllegalStateException.class, own::codec);
    }

    /**
     * The goal of at most 64 bytes of Java heap per decode step, measured on this thread over 100 steps after
     * warm-up (the decode step allocates nothing by construction; the margin is for the JVM's own bookkeeping).
     */
    @Test
    void aDecodeStepAllocatesNothingOnTheJavaHeap() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (OrtDecoder decoder = backend.newDecoder()) {
            int first = decoder.next(PROMPT, 0, PROMPT.length);
            int[] one = new int[1];
            for (int round = 0; round < 4; round++) { // warm-up: ~800 steps, rewinding to the prompt each round
                decoder.truncate(PROMPT.length);
                one[0] = first;
                for (int i = 0; i < 200; i++) {
                    one[0] = decoder.next(one, 0, 1);
                }
            }
            decoder.truncate(PROMPT.length);
            one[0] = first;
            int steps = 100;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < steps; i++) {
                one[0] = decoder.next(one, 0, 1);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("ort decode step, tiny model: %d bytes allocated over %d steps (%.2f B/step)%n",
                    allocated, steps, allocated / (double) steps);
            assertTrue(allocated <= 64L * steps, allocated + " bytes over " + steps + " steps");
        }
    }
}
