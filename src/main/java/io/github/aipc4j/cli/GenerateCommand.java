package io.github.aipc4j.cli;

import io.github.aipc4j.llm.Generation;
import io.github.aipc4j.llm.GenerationResult;
import io.github.aipc4j.llm.LanguageModel;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code aipc4j generate PROMPT}: streams the answer to one prompt, then its metrics. */
@Command(name = "generate", description = "Stream the model's answer to one prompt (read from stdin when none is given).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    GenerationOptions generation;
    @Option(names = "--raw", description = "Continue the prompt as plain text, without the chat template.")
    boolean raw;
    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "The prompt (words are joined with spaces).")
    List<String> words = new ArrayList<>();
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String prompt = words.isEmpty() ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip()
                : String.join(" ", words);
        try (LanguageModel model = modelOptions.open(err)) {
            Generation answer;
            if (raw) {
                answer = model.complete(prompt, generation.config());
            } else {
                List<ChatMessage> messages = new ArrayList<>();
                if (!generation.system.isEmpty()) {
                    messages.add(ChatMessage.system(generation.system));
                }
                messages.add(ChatMessage.user(prompt));
                answer = model.generate(messages, generation.config());
            }
            GenerationResult result = stream(answer, out);
            err.println(Loading.metrics(model, result));
            return 0;
        }
    }

    /** Prints the pieces as they come (Ctrl-C stops the answer), then a newline. */
    static GenerationResult stream(Generation answer, PrintWriter out) {
        Interrupts.cancelOnInterrupt(answer);
        try {
            for (String piece : answer) {
                out.print(piece);
                out.flush();
            }
        } finally {
            Interrupts.clear();
        }
        GenerationResult result = answer.result();
        out.println(result.finishReason() == io.github.aipc4j.llm.FinishReason.CANCELLED ? " [cancelled]" : "");
        out.flush();
        return result;
    }
}
