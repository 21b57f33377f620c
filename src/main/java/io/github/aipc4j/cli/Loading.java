package io.github.aipc4j.cli;

import io.github.aipc4j.llm.Engines;
import io.github.aipc4j.llm.GenerationResult;
import io.github.aipc4j.llm.LanguageModel;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Opening a model with a progress line, and the one-line metrics report the commands print. */
final class Loading {
    private Loading() {
    }

    static LanguageModel open(Path folder, String engine, String device, boolean exact, PrintWriter err) {
        String name = engine == null || engine.equals(Engines.AUTO) ? Engines.detect(folder) : engine;
        err.printf("loading %s on %s/%s ... ", folder, name, device);
        err.flush();
        long start = System.nanoTime();
        LanguageModel model = Engines.open(folder, name, device, exact);
        err.printf("%.2f s (context %d tokens)%n", (System.nanoTime() - start) / 1e9, model.contextLength());
        err.flush();
        return model;
    }

    static String metrics(LanguageModel model, GenerationResult result) {
        var m = result.metrics();
        return String.format("[%s/%s] %d prompt tokens (%d cached), %d generated, finish %s, TTFT %.1f ms, %.1f tokens/s",
                model.engine(), model.device(), m.promptTokens(), m.cachedTokens(), m.generatedTokens(),
                result.finishReason().name().toLowerCase(java.util.Locale.ROOT), m.timeToFirstTokenMillis(),
                m.tokensPerSecond());
    }
}
