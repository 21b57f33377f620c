package io.github.aipc4j.llm;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a finished generation produced: the emitted text (without stop strings and without the stop token's text),
 * the generated token ids in order (a stop token that ended the answer is the last id), why it ended, and its
 * metrics. Immutable and thread-safe.
 *
 * <p>After {@link Generation#streamTokens}, which decodes no text per token, the text is decoded on the first call to
 * {@link #text()}, so a caller that only wants ids never pays for it; call it before closing the model.
 */
public final class GenerationResult {
    private final int[] tokenIds;
    private final FinishReason finishReason;
    private final GenerationMetrics metrics;
    private Supplier<String> decoder;
    private String text;

    public GenerationResult(String text, int[] tokenIds, FinishReason finishReason, GenerationMetrics metrics) {
        this(tokenIds, finishReason, metrics);
        this.text = Objects.requireNonNull(text, "text");
    }

    GenerationResult(Supplier<String> decoder, int[] tokenIds, FinishReason finishReason, GenerationMetrics metrics) {
        this(tokenIds, finishReason, metrics);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    private GenerationResult(int[] tokenIds, FinishReason finishReason, GenerationMetrics metrics) {
        this.tokenIds = tokenIds.clone();
        this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The emitted text. */
    public synchronized String text() {
        if (text == null) {
            text = decoder.get();
            decoder = null;
        }
        return text;
    }

    /** The generated ids (a copy). */
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public FinishReason finishReason() {
        return finishReason;
    }

    public GenerationMetrics metrics() {
        return metrics;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationResult r && Arrays.equals(tokenIds, r.tokenIds) && finishReason == r.finishReason
                && metrics.equals(r.metrics) && text().equals(r.text());
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokenIds), finishReason, metrics);
    }

    @Override
    public String toString() {
        return "GenerationResult[" + finishReason + ", " + tokenIds.length + " tokens, " + metrics + "]";
    }
}
