package io.github.aipc4j.genai;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenAiGenerationTest {
    private static Model model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        model = Model.load(TinyPhi3.FOLDER);
        tokenizer = Tokenizer.create(model);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        model.close();
    }

    private static int[] generate(int[] prompt, int count, GeneratorParams params) {
        try (Generator generator = Generator.create(model, params)) {
            generator.appendTokens(prompt);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                assertFalse(generator.isDone());
                generator.generateNextToken();
                out[i] = generator.nextToken();
            }
            return out;
        }
    }

    @Test
    void modelMetadataAndTokenIdsComeFromTheFolder() {
        assertEquals("phi3", model.type());
        assertEquals("CPU", model.deviceType().toUpperCase());
        assertEquals(1, tokenizer.bosTokenId());
        assertArrayEquals(new int[] {32000, 32001, 32007}, tokenizer.eosTokenIds());
        assertEquals(32000, tokenizer.padTokenId());
        assertEquals(32007, tokenizer.tokenToId("<|end|>"));
    }

    @Test
    void greedyGenerationEqualsTheReferenceForwardPass() {
        int[] prompt = tokenizer.encode("<|user|>\nCan you introduce yourself?<|end|>\n<|assistant|>\n");
        try (GeneratorParams params = GeneratorParams.create(model).maxLength(prompt.length + 24).greedy()) {
            assertArrayEquals(TinyPhi3.referenceGreedy(prompt, 24), generate(prompt, 24, params));
        }
    }

    @Test
    void phi3ChatTemplateRendersSystemAndUserTurns() {
        String messages = """
                [{"role": "system", "content": "You are a helpful AI assistant."},
                 {"role": "user", "content": "Привіт! Розкажи про Київ."}]""";
        assertEquals("<|system|>\nYou are a helpful AI assistant.<|end|>\n<|user|>\nПривіт! Розкажи про Київ.<|end|>\n<|assistant|>\n",
                tokenizer.applyChatTemplate(null, messages, null, true));
    }

    @Test
    void encodeDecodeRoundTripsUnicode() {
        for (String text : List.of("Hello world", "Can you introduce yourself?", "for (int i = 0; i < n; i++) { sum += a[i]; }",
                "Привіт, як справи? Розкажи мені про Київ.", "日本語のテキスト、中文文本", "emoji 🦙👩‍👩‍👧 done", "tabs\tand   spaces\n\nnew lines")) {
            int[] ids = tokenizer.encode(text);
            assertTrue(ids.length > 0, text);
            // onnxruntime-extensions keeps SentencePiece's prefix space where HF's Strip decoder removes it
            assertEquals(" " + text, tokenizer.decode(ids), "round trip of " + text);
        }
        assertArrayEquals(new int[] {15043, 3186}, tokenizer.encode("Hello world"));
    }

    @Test
    void streamingDecodeNeverSplitsACharacter() {
        String text = "Київ 🦙 日本";
        int[] ids = tokenizer.encode(text);
        StringBuilder streamed = new StringBuilder();
        try (TokenizerStream stream = tokenizer.stream()) {
            for (int id : ids) {
                String piece = stream.decode(id);
                assertFalse(piece.contains("\uFFFD"), "a piece split a character: " + piece);
                streamed.append(piece);
            }
        }
        assertEquals(text, streamed.toString().stripLeading());
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() {
        int[] prompt = tokenizer.encode("<|user|>\nTell me a story.<|end|>\n<|assistant|>\n");
        int[] first;
        int[] again;
        int[] other;
        try (GeneratorParams p = GeneratorParams.create(model).maxLength(prompt.length + 16).sampling(1.5, 50, 0.95, 42)) {
            first = generate(prompt, 16, p);
            again = generate(prompt, 16, p);
        }
        try (GeneratorParams p = GeneratorParams.create(model).maxLength(prompt.length + 16).sampling(1.5, 50, 0.95, 7)) {
            other = generate(prompt, 16, p);
        }
        assertArrayEquals(first, again);
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(other));
    }

    @Test
    void rewindThenRegenerateGivesTheSameTokens() {
        int[] prompt = tokenizer.encode("<|user|>\nHello world<|end|>\n<|assistant|>\n");
        try (GeneratorParams params = GeneratorParams.create(model).maxLength(prompt.length + 16).greedy();
             Generator generator = Generator.create(model, params)) {
            generator.appendTokens(prompt);
            int[] first = new int[8];
            for (int i = 0; i < 8; i++) {
                generator.generateNextToken();
                first[i] = generator.nextToken();
            }
            assertEquals(prompt.length + 8, generator.tokenCount());
            generator.rewindTo(prompt.length);
            generator.appendTokens(first[0]); // the first generated token again, then continue greedily
            int[] second = new int[7];
            for (int i = 0; i < 7; i++) {
                generator.generateNextToken();
                second[i] = generator.nextToken();
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(first, 1, 8), second);
            int[] sequence = generator.sequence(0);
            assertEquals(prompt.length + 8, sequence.length);
            assertThrows(IndexOutOfBoundsException.class, () -> generator.sequence(5));
        }
    }

    @Test
    void interleavedGeneratorsOnOneModelKeepTheirOwnState() {
        int[] a = tokenizer.encode("<|user|>\nFirst conversation<|end|>\n<|assistant|>\n");
        int[] b = tokenizer.encode("<|user|>\nA different one<|end|>\n<|assistant|>\n");
        int[] expectedA = TinyPhi3.referenceGreedy(a, 10);
        int[] expectedB = TinyPhi3.referenceGreedy(b, 10);
        try (GeneratorParams params = GeneratorParams.create(model).maxLength(64).greedy();
             Generator ga = Generator.create(model, params);
             Generator gb = Generator.create(model, params)) {
            ga.appendTokens(a);
            gb.appendTokens(b);
            int[] outA = new int[10];
            int[] outB = new int[10];
            for (int i = 0; i < 10; i++) {
                ga.generateNextToken();
                gb.generateNextToken();
                outA[i] = ga.nextToken();
                outB[i] = gb.nextToken();
            }
            assertArrayEquals(expectedA, outA);
            assertArrayEquals(expectedB, outB);
        }
    }

    @Test
    void logitsAreTheReferenceLogits() {
        int[] prompt = tokenizer.encode("Hello world");
        io.github.aipc4j.modelfactory.Phi3Reference reference = new io.github.aipc4j.modelfactory.Phi3Reference(TinyPhi3.WEIGHTS);
        float[][] expected = reference.forward(reference.newCache(), prompt);
        try (GeneratorParams params = GeneratorParams.create(model).maxLength(32).greedy();
             Generator generator = Generator.create(model, params)) {
            generator.appendTokens(prompt);
            float[] logits = generator.logits();
            double max = 0;
            for (int v = 0; v < logits.length; v++) {
                max = Math.max(max, Math.abs(logits[v] - expected[prompt.length - 1][v]));
            }
            assertTrue(max <= 1e-4, "max abs diff " + max);
            float[] banned = logits.clone();
            int best = TinyPhi3.argmax(logits);
            banned[best] = -1e9f;
            generator.setLogits(banned);
            generator.generateNextToken();
            assertNotEquals(best, generator.nextToken(), "setLogits steers the next token");
        }
    }

    @Test
    void tokenizerOptionsAddSpecialTokens() {
        try (Tokenizer withBos = Tokenizer.create(model)) {
            withBos.options(Map.of("add_special_tokens", "true"));
            int[] ids = withBos.encode("Hello world");
            assertTrue(ids.length >= 2 && ids[ids.length - 1] == 3186, java.util.Arrays.toString(ids));
        }
    }
}
