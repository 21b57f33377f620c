package io.github.aipc4j.llm.openvino;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenVINO engine's token loop on the model factory's tiny Phi-3, through both of its folders (the ONNX with an
 * explicit KV cache the decoder owns, and the stateful IR whose cache the runtime holds), against the Java reference
 * forward pass: greedy tokens, rewinding, the context limit, closing.
 */
class OpenVinoDecoderTest {
    private static final int NEW_TOKENS = 24;
    private static OpenVinoBackend onnx;
    private static OpenVinoBackend ir;

    @BeforeAll
    static void load() {
        onnx = OpenVinoBackend.open(OvEngineModels.onnxFolder(), "cpu", OvEngineModels.accuracy());
        ir = OpenVinoBackend.open(OvEngineModels.irFolder(), "cpu", OvEngineModels.accuracy());
    }

    @AfterAll
    static void close() {
        if (onnx != null) {
            onnx.close();
        }
        if (ir != null) {
            ir.close();
        }
    }

    private static OpenVinoBackend backend(String kind) {
        return kind.equals("onnx") ? onnx : ir;
    }

    @Test
    void theFoldersLoadAsTheirKindOfCache() {
        assertFalse(onnx.stateful(), "model.onnx has explicit past/present inputs");
        assertTrue(onnx.modelFile().endsWith("model.onnx"));
        assertTrue(ir.stateful(), "OpenVinoIr.writeStateful's IR keeps the cache in variables");
        assertTrue(ir.modelFile().endsWith("openvino_model.xml"));
        for (OpenVinoBackend b : new OpenVinoBackend[] {onnx, ir}) {
            assertEquals("openvino", b.engine());
            assertEquals("cpu", b.device());
            assertEquals("CPU", b.openVinoDevice());
            assertEquals(256, b.contextLength(), "genai_config.json context_length");
            assertEquals(32064, b.vocabSize());
            assertArrayEquals(new int[] {32000, 32001, 32007}, b.eosTokenIds());
            assertArrayEquals(new int[] {15043, 3186}, b.codec().encode("Hello world"), "tokenizer.json read");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "ir"})
    void greedyTokensEqualTheReference(String kind) {
        int[] expected = OvEngineModels.referenceGreedy(NEW_TOKENS);
        assertTrue(Arrays.stream(expected).distinct().count() > 3, "the reference repeats itself: " + Arrays.toString(expected));
        try (OpenVinoDecoder decoder = backend(kind).newDecoder()) {
            int[] tokens = OvEngineModels.greedy(decoder, OvEngineModels.PROMPT, NEW_TOKENS);
            assertArrayEquals(expected, tokens, kind + ": " + Arrays.toString(tokens));
            assertEquals(OvEngineModels.PROMPT.length + NEW_TOKENS - 1, decoder.length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "ir"})
    void twoDecodersOfOneBackendKeepSeparateCaches(String kind) {
        int[] expected = OvEngineModels.referenceGreedy(8);
        try (OpenVinoDecoder a = backend(kind).newDecoder(); OpenVinoDecoder b = backend(kind).newDecoder()) {
            int[] fromA = new int[8];
            int[] fromB = new int[8];
            fromA[0] = a.next(OvEngineModels.PROMPT, 0, OvEngineModels.PROMPT.length);
            fromB[0] = b.next(OvEngineModels.PROMPT, 0, 3); // b is three tokens behind: interleaving must not mix them
            fromB[0] = b.next(OvEngineModels.PROMPT, 3, OvEngineModels.PROMPT.length - 3);
            for (int i = 1; i < 8; i++) {
                fromA[i] = a.next(fromA, i - 1, 1);
                fromB[i] = b.next(fromB, i - 1, 1);
            }
            assertArrayEquals(expected, fromA);
            assertArrayEquals(expected, fromB);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "ir"})
    void rewindingThenFeedingAgainGivesAFreshDecodersTokens(String kind) {
        int[] prompt = OvEngineModels.PROMPT;
        int[] expected = OvEngineModels.referenceGreedy(12);
        try (OpenVinoDecoder decoder = backend(kind).newDecoder()) {
            int[] first = OvEngineModels.greedy(decoder, prompt, 12);
            assertArrayEquals(expected, first);

            // back to the prompt plus 4 generated tokens, then on again one by one
            assertTrue(decoder.truncate(prompt.length + 4));
            assertEquals(prompt.length + 4, decoder.length());
            int[] again = Arrays.copyOf(first, 12);
            for (int i = 5; i < 12; i++) {
                again[i] = decoder.next(again, i - 1, 1);
            }
            assertArrayEquals(expected, again, "after truncating into the generated tokens");

            // into the prompt, then the rest of it in one step: the first generated token again
            assertTrue(decoder.truncate(3));
            assertEquals(3, decoder.length());
            assertEquals(expected[0], decoder.next(prompt, 3, prompt.length - 3), "after truncating into the prompt");

            // a different continuation after a rewind must not see the dropped tokens
            assertTrue(decoder.truncate(0));
            int[] other = {1, 450, 4996, 17354, 1701, 29916};
            try (OpenVinoDecoder fresh = backend(kind).newDecoder()) {
                assertArrayEquals(OvEngineModels.greedy(fresh, other, 6), OvEngineModels.greedy(decoder, other, 6));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "ir"})
    void feedingPastTheContextThrowsAndLeavesTheCacheUsable(String kind) {
        OpenVinoBackend backend = backend(kind);
        int[] filler = new int[backend.contextLength()];
        for (int i = 0; i < filler.length; i++) {
            filler[i] = 100 + i;
        }
        try (OpenVinoDecoder decoder = backend.newDecoder()) {
            IllegalStateException tooLong = assertThrows(IllegalStateException.class,
                    () -> decoder.next(new int[backend.contextLength() + 1], 0, backend.contextLength() + 1));
            assertTrue(tooLong.getMessage().contains("context holds 256 tokens"), tooLong.getMessage());
            assertEquals(0, decoder.length());

            int token = decoder.next(filler, 0, backend.contextLength() - 1);
            decoder.next(new int[] {token}, 0, 1); // the last position fits
            assertEquals(backend.contextLength(), decoder.length());
            IllegalStateException full = assertThrows(IllegalStateException.class,
                    () -> decoder.next(new int[] {token}, 0, 1));
            assertTrue(full.getMessage().contains("256 are cached and 1 more were fed"), full.getMessage());

            assertTrue(decoder.truncate(0)); // still usable
            assertEquals(OvEngineModels.referenceGreedy(1)[0],
                    decoder.next(OvEngineModels.PROMPT, 0, OvEngineModels.PROMPT.length));
        }
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreRefused() {
        try (OpenVinoDecoder decoder = onnx.newDecoder()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> decoder.next(new int[] {1, 32064}, 0, 2));
            assertTrue(e.getMessage().contains("32064"), e.getMessage());
            assertEquals(0, decoder.length());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "ir"})
    void aClosedDecoderThrowsAndClosesOnce(String kind) {
        OpenVinoDecoder decoder = backend(kind).newDecoder();
        decoder.next(OvEngineModels.PROMPT, 0, 4);
        decoder.close();
        decoder.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> decoder.next(OvEngineModels.PROMPT, 4, 1));
        assertThrows(IllegalStateException.class, () -> decoder.truncate(2));
    }

    @Test
    void closingTheBackendClosesItsDecoders() {
        Path folder = OvEngineModels.onnxFolder();
        OpenVinoBackend backend = OpenVinoBackend.open(folder, "CPU");
        OpenVinoDecoder decoder = backend.newDecoder();
        decoder.next(OvEngineModels.PROMPT, 0, OvEngineModels.PROMPT.length);
        backend.close();
        backend.close();
        assertThrows(IllegalStateException.class, () -> decoder.next(OvEngineModels.PROMPT, 0, 1));
        assertThrows(IllegalStateException.class, backend::newDecoder);
        decoder.close();
    }
}
