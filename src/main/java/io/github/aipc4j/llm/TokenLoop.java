package io.github.aipc4j.llm;

import io.github.aipc4j.llm.spi.Decoder;
import io.github.aipc4j.llm.spi.TextCodec;

import java.util.Arrays;

/**
 * One generation's loop, one token per {@link #step()}: feed the prompt (first step) or the last token, take the
 * next token from the decoder, check stop tokens, decode text incrementally, check stop strings and limits. It
 * allocates its id array once; per token it allocates nothing unless text is decoded.
 */
final class TokenLoop {
    private final Decoder decoder;
    private final TextCodec.TokenTextStream text;
    private final StopStrings stopStrings;
    private final int[] stopIds;
    private final int maxNewTokens;
    private final int contextLength;
    private final int[] prompt;
    private final int promptFrom;
    private final int cachedTokens;
    private final int[] generated;
    private final int[] one = new int[1];
    private final StringBuilder emitted;
    private final GenerationListener listener;
    private final Runnable onFinish;
    private final Runnable onFailure;

    private int count;
    private long start;
    private long firstToken;
    private long end;
    private FinishReason finish;
    private Throwable failed;
    private GenerationResult result;

    TokenLoop(Decoder decoder, TextCodec codec, int[] prompt, int promptFrom, GenerationConfig config, int[] stopIds,
              int contextLength, boolean decodeText, GenerationListener listener, Runnable onFinish,
              Runnable onFailure) {
        this.decoder = decoder;
        this.prompt = prompt;
        this.promptFrom = promptFrom;
        this.cachedTokens = promptFrom;
        this.stopIds = stopIds.clone();
        Arrays.sort(this.stopIds);
        this.maxNewTokens = config.maxNewTokens();
        this.contextLength = contextLength;
        this.generated = new int[maxNewTokens];
        boolean needText = decodeText || !config.stopStrings().isEmpty();
        this.text = needText ? codec.stream() : null;
        this.stopStrings = needText ? new StopStrings(config.stopStrings()) : null;
        this.emitted = needText ? new StringBuilder() : null;
        this.listener = listener;
        this.onFinish = onFinish;
        this.onFailure = onFailure;
    }

    boolean finished() {
        return finish != null;
    }

    /**
     * Runs one step; false once the generation has ended. A failure (the engine's exception, a listener's) ends the
     * generation too: the decoder is released as broken and the exception propagates.
     */
    boolean step(boolean cancelled) {
        if (finish != null) {
            return false;
        }
        try {
            return advance(cancelled);
        } catch (RuntimeException | Error e) {
            if (finish == null) {
                end = System.nanoTime();
                finish = FinishReason.CANCELLED;
                failed = e;
                closeText();
                onFailure.run();
            }
            throw e;
        }
    }

    private boolean advance(boolean cancelled) {
        if (cancelled) {
            return finish(FinishReason.CANCELLED);
        }
        int next;
        if (count == 0) {
            start = System.nanoTime();
            next = decoder.next(prompt, promptFrom, prompt.length - promptFrom);
            firstToken = System.nanoTime();
        } else {
            if (decoder.length() >= contextLength) {
                return finish(FinishReason.CONTEXT_FULL);
            }
            one[0] = generated[count - 1];
            next = decoder.next(one, 0, 1);
        }
        generated[count++] = next;
        listener.onToken(next);
        if (Arrays.binarySearch(stopIds, next) >= 0) {
            return finish(FinishReason.STOP_TOKEN);
        }
        if (text != null) {
            String piece = stopStrings.push(text.next(next));
            emit(piece);
            if (stopStrings.matched()) {
                return finish(FinishReason.STOP_STRING);
            }
        }
        if (count == maxNewTokens) {
            return finish(FinishReason.MAX_TOKENS);
        }
        return true;
    }

    private void closeText() {
        if (text != null) {
            text.close();
        }
    }

    private void emit(String piece) {
        if (!piece.isEmpty()) {
            emitted.append(piece);
            listener.onText(piece);
        }
    }

    private boolean finish(FinishReason reason) {
        end = System.nanoTime();
        if (count == 0) {
            start = end;
            firstToken = end;
        }
        finish = reason;
        if (text != null && reason != FinishReason.STOP_STRING) {
            emit(stopStrings.flush());
        }
        closeText();
        onFinish.run();
        return false;
    }

    /** Token ids fed to the decoder so far beyond the cached prefix: the prompt, then every generated id but the last. */
    int[] fedAfterPrompt() {
        return Arrays.copyOf(generated, Math.max(0, count - 1));
    }

    GenerationResult result(TextCodec codec) {
        if (failed != null) {
            throw new IllegalStateException("the generation failed: " + failed, failed);
        }
        if (finish == null) {
            throw new IllegalStateException("the generation has not finished");
        }
        if (result != null) {
            return result;
        }
        int[] ids = Arrays.copyOf(generated, count);
        GenerationMetrics metrics = new GenerationMetrics(prompt.length - promptFrom, cachedTokens, count,
                firstToken - start, end - start);
        if (emitted != null) {
            result = new GenerationResult(emitted.toString(), ids, finish, metrics);
        } else {
            int shown = finish == FinishReason.STOP_TOKEN ? count - 1 : count;
            result = new GenerationResult(() -> codec.decode(Arrays.copyOf(ids, shown)), ids, finish, metrics);
        }
        return result;
    }
}
