package io.github.aipc4j.cli;

import io.github.aipc4j.llm.GenerationConfig;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Decoding options, named like the seed's Python script: shared by {@code generate} and {@code chat}. */
final class GenerationOptions {
    static final String DEFAULT_SYSTEM = "You are a helpful AI assistant.";

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "1024",
            description = "Tokens to generate at most. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sample at this temperature (turns sampling on unless --greedy).")
    Double temperature;

    @Option(names = "--greedy", description = "Greedy decoding (the default unless --temperature is given).")
    boolean greedy;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Top-k when sampling (0: off).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0", description = "Top-p when sampling (1: off).")
    double topP;

    @Option(names = "--repetition-penalty", paramLabel = "R", defaultValue = "1.0",
            description = "Repetition penalty (1: off).")
    double repetitionPenalty;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "A stop string (repeatable); it is not printed.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--system", paramLabel = "TEXT", defaultValue = DEFAULT_SYSTEM,
            description = "System message; empty for none. Default: \"${DEFAULT-VALUE}\".")
    String system;

    GenerationConfig config() {
        GenerationConfig.Builder b = GenerationConfig.builder().maxNewTokens(maxNewTokens).topK(topK).topP(topP)
                .repetitionPenalty(repetitionPenalty).seed(seed).stopStrings(stop);
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (greedy) {
            b.greedy();
        }
        return b.build();
    }
}
