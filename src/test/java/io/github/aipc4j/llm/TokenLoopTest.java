package io.github.aipc4j.llm;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import io.github.aipc4j.testing.TinyPhi3Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token loop (stop rules, streaming, cancellation, multi-turn cache reuse) on the reference forward pass. */
class TokenLoopTest {
    static Phi3Weights weights;
    static LanguageModel model;

    @BeforeAll
    static void load() {
        weights = Phi3Weights.generate(Phi3Config.tiny());
        model = LanguageModel.of(new ReferenceBackend(weights));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Greedy ids by a plain loop over the reference, independent of the samplers and the driver. */
    static int[] referenceGreedy(int[] prompt, int n) {
        return TinyPhi3Model.referenceGreedy(weights, prompt, n);
    }

    static final String PROMPT = "Hello world";

    int[] chatPrompt() {
        return model.promptIds(List.of(ChatMessage.user(PROMPT)));
    }

    GenerationConfig noStop(int n) {
        return GenerationConfig.builder().maxNewTokens(n).stopTokenIds().build();
    }

    @Test
    void greedyEqualsThePlainReferenceLoop() {
        int[] prompt = chatPrompt();
        assertArrayEquals(new int[]{32010, 15043, 3186, 32007, 32001}, Arrays.copyOf(prompt, 5),
                "Phi-3 chat prompt ids (<|user|>, Hello, world, <|end|>, <|assistant|>)");
        GenerationResult result = model.generate(PROMPT, noStop(24)).result();
        assertArrayEquals(referenceGreedy(prompt, 24), result.tokenIds());
        assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
        assertEquals(prompt.length, result.metrics().promptTokens());
        assertEquals(24, result.metrics().generatedTokens());
        assertEquals(model.codec().decode(result.tokenIds()), result.text());
    }

    @Test
    void iteratorPiecesConcatenateToTheResultText() {
        StringBuilder pieces = new StringBuilder();
        Generation generation = model.generate(PROMPT, noStop(20));
        for (String piece : generation) {
            assertFalse(piece.isEmpty());
            pieces.append(piece);
        }
        GenerationResult result = generation.result();
        assertEquals(result.text(), pieces.toString());
        assertEquals(model.codec().decode(result.tokenIds()), result.text());
        assertThrows(IllegalStateException.class, generation::iterator, "a generation is consumed once");
    }

    @Test
    void stopTokenEndsTheAnswerAndIsNotEmitted() {
        int[] greedy = referenceGreedy(chatPrompt(), 12);
        int stop = greedy[5];
        int first = 0;
        while (greedy[first] != stop) {
            first++;
        }
        GenerationResult result = model.generate(PROMPT, GenerationConfig.builder().maxNewTokens(12)
                .stopTokenIds(stop).build()).result();
        assertEquals(FinishReason.STOP_TOKEN, result.finishReason());
        assertArrayEquals(Arrays.copyOf(greedy, first + 1), result.tokenIds());
        assertEquals(model.codec().decode(Arrays.copyOf(greedy, first)), result.text());
    }

    @Test
    void modelEosIdsAreTheDefaultStopTokens() {
        // Feeding <|end|> after the assistant header makes no difference to the rule: the config names no ids,
        // so the model's EOS ids apply; forcing one as a stop id via the config must end at its first occurrence.
        GenerationConfig config = GenerationConfig.greedy(8);
        assertTrue(config.stopTokenIds() == null);
        GenerationResult result = model.generate(PROMPT, config).result();
        for (int i = 0; i < result.tokenIds().length - 1; i++) {
            for (int eos : model.eosTokenIds()) {
                assertNotEquals(eos, result.tokenIds()[i]);
            }
        }
    }

    @Test
    void stopStringSpanningTokensIsNeitherEmittedNorFollowed() {
        int[] prompt = chatPrompt();
        int[] greedy = referenceGreedy(prompt, 30);
        String full = model.codec().decode(greedy);
        // A stop string that starts inside one token's text and ends inside a later one.
        String before = model.codec().decode(Arrays.copyOf(greedy, 10));
        int at = before.length() - 2;
        String stop = full.substring(at, Math.min(full.length(), at + 6));
        at = full.indexOf(stop);
        List<String> pieces = new ArrayList<>();
        Generation generation = model.generate(PROMPT, GenerationConfig.builder().maxNewTokens(30).stopTokenIds()
                .stopStrings("never-produced-xyz", stop).build());
        generation.forEach(pieces::add);
        GenerationResult result = generation.result();
        assertEquals(FinishReason.STOP_STRING, result.finishReason());
        assertEquals(full.substring(0, at), result.text());
        assertEquals(result.text(), String.join("", pieces));
        assertTrue(result.tokenIds().length < 30);
    }

    @Test
    void cancelFromAnotherThreadTakesEffectBeforeTheNextStep() throws Exception {
        Generation generation = model.generate(PROMPT, noStop(200));
        CountDownLatch third = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicInteger tokens = new AtomicInteger();
        Thread canceller = Thread.ofPlatform().start(() -> {
            try {
                third.await();
                generation.cancel();
                cancelled.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        GenerationResult result = generation.stream(new GenerationListener() {
            @Override
            public void onToken(int tokenId) {
                if (tokens.incrementAndGet() == 3) {
                    third.countDown();
                    try {
                        assertTrue(cancelled.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        });
        canceller.join();
        assertEquals(FinishReason.CANCELLED, result.finishReason());
        assertEquals(3, result.tokenIds().length);
        assertArrayEquals(referenceGreedy(chatPrompt(), 3), result.tokenIds());
        // The model works normally afterwards.
        assertEquals(5, model.generate(PROMPT, noStop(5)).result().tokenIds().length);
    }

    @Test
    void multiTurnChatReusesTheCacheAndAnswersLikeAFreshRun() {
        try (ChatSession chat = model.chat("You are a helpful AI assistant.")) {
            GenerationResult first = chat.send("Hello world", noStop(6)).result();
            assertEquals(0, first.metrics().cachedTokens());
            int cachedAfterFirst = chat.cachedTokens();
            assertTrue(cachedAfterFirst > 0);
            List<ChatMessage> history = chat.messages();
            assertEquals(List.of("system", "user", "assistant"), history.stream().map(ChatMessage::role).toList());
            assertEquals(first.text(), history.get(2).content());

            Generation second = chat.send("Tell me more.", noStop(6));
            GenerationResult answer = second.result();
            assertTrue(answer.metrics().cachedTokens() > 10, "the system prompt and first turn stay cached: "
                    + answer.metrics());
            List<ChatMessage> asked = new ArrayList<>(chat.messages().subList(0, 4));
            int[] fresh = referenceGreedy(model.promptIds(asked), 6);
            assertArrayEquals(fresh, answer.tokenIds(), "the cached run answers as a fresh run on the whole history");

            chat.reset();
            assertEquals(1, chat.messages().size());
            GenerationResult again = chat.send("Hello world", noStop(6)).result();
            assertArrayEquals(first.tokenIds(), again.tokenIds());
        }
    }

    @Test
    void anEngineThatCannotRewindStartsOver() {
        try (LanguageModel noRewind = LanguageModel.of(new ReferenceBackend(weights).withoutRewind());
             ChatSession chat = noRewind.chat("Be brief.")) {
            chat.send("Hello world", noStop(4)).result();
            GenerationResult second = chat.send("Again", noStop(4)).result();
            int[] fresh = referenceGreedy(noRewind.promptIds(chat.messages().subList(0, 4)), 4);
            assertArrayEquals(fresh, second.tokenIds());
        }
    }

    @Test
    void seededSamplingIsReproducible() {
        GenerationConfig a = GenerationConfig.builder().maxNewTokens(16).stopTokenIds().temperature(1.5).topK(50)
                .topP(0.95).seed(7).build();
        int[] first = model.generate(PROMPT, a).result().tokenIds();
        int[] again = model.generate(PROMPT, a).result().tokenIds();
        int[] other = model.generate(PROMPT, a.toBuilder().seed(8).build()).result().tokenIds();
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other), "another seed gives another answer");
        int[] greedy = model.generate(PROMPT, noStop(16)).result().tokenIds();
        assertFalse(Arrays.equals(first, greedy), "sampling at temperature 1.5 differs from greedy");
    }

    @Test
    void topKOneIsGreedy() {
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(10).stopTokenIds().temperature(3).topK(1)
                .seed(1).build();
        assertArrayEquals(referenceGreedy(chatPrompt(), 10), model.generate(PROMPT, config).result().tokenIds());
    }

    @Test
    void badPromptsAreClearErrors() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> model.complete("", GenerationConfig.greedy(4)));
        assertTrue(empty.getMessage().contains("no tokens"), empty.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> model.generate("word ".repeat(400), GenerationConfig.greedy(4)));
        assertTrue(tooLong.getMessage().contains("context holds 256"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.generate(new int[]{5, 40000}, GenerationConfig.greedy(2)));
        // Still fine afterwards.
        assertEquals(2, model.generate(PROMPT, noStop(2)).result().tokenIds().length);
    }

    @Test
    void contextFullEndsTheAnswer() {
        int[] prompt = new int[250];
        Arrays.fill(prompt, 15043);
        GenerationResult result = model.generate(prompt, noStop(100)).result();
        assertEquals(FinishReason.CONTEXT_FULL, result.finishReason());
        assertEquals(256 - 250 + 1, result.tokenIds().length, "positions 250..255 hold 6 fed tokens, +1 sampled");
    }

    @Test
    void invalidConfigValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(0));
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().temperature(0).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().temperature(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().topK(-1).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().topP(0).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().topP(1.01).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().repetitionPenalty(0).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().stopTokenIds(-3).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.builder().stopStrings("").build());
    }

    @Test
    void aFailingListenerPropagatesAndTheModelStaysUsable() {
        Generation generation = model.generate(PROMPT, noStop(10));
        assertThrows(IllegalStateException.class, () -> generation.stream(new GenerationListener() {
            @Override
            public void onToken(int tokenId) {
                throw new IllegalStateException("listener failed");
            }
        }));
        assertArrayEquals(referenceGreedy(chatPrompt(), 4), model.generate(PROMPT, noStop(4)).result().tokenIds());
    }

    @Test
    void aClosedDecoderRefusesEveryCall() {
        io.github.aipc4j.llm.spi.Decoder decoder = new ReferenceBackend(weights).newDecoder();
        decoder.close();
        decoder.close();
        assertThrows(IllegalStateException.class, () -> decoder.truncate(0), "even a no-op truncate");
        assertThrows(IllegalStateException.class, decoder::length);
        assertThrows(IllegalStateException.class, () -> decoder.next(new int[]{1}, 0, 1));
        assertThrows(IllegalStateException.class, () -> decoder.configure(GenerationConfig.greedy(1)));
    }

    @Test
    void useAfterCloseThrows() {
        LanguageModel closed = LanguageModel.of(new ReferenceBackend(weights));
        Generation pending = closed.generate(PROMPT, noStop(3));
        closed.close();
        assertThrows(IllegalStateException.class, pending::result);
        assertThrows(IllegalStateException.class, () -> closed.generate(PROMPT, noStop(3)));
        assertThrows(IllegalStateException.class, () -> closed.chat(null));
    }
}
