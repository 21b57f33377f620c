package io.github.aipc4j.cli;

import io.github.aipc4j.llm.ChatSession;
import io.github.aipc4j.llm.GenerationResult;
import io.github.aipc4j.llm.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code aipc4j chat}: an interactive multi-turn conversation that keeps the KV cache between turns.
 * {@code /reset} forgets the conversation, {@code /exit} or end of input quits, Ctrl-C stops the current answer.
 */
@Command(name = "chat", description = "Interactive multi-turn chat: /reset clears, /exit or Ctrl-D quits, "
        + "Ctrl-C stops the current answer.")
final class ChatCommand implements Callable<Integer> {
    static final String PROMPT = "> ";

    @Mixin
    ModelOptions modelOptions;
    @Mixin
    GenerationOptions generation;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (LanguageModel model = modelOptions.open(err);
             ChatSession chat = model.chat(generation.system)) {
            err.println("chat: /reset clears the conversation, /exit or Ctrl-D quits, Ctrl-C stops an answer");
            err.flush();
            Interrupts.whenIdle(() -> {
                err.println();
                err.println("(no answer to stop: use /exit or Ctrl-D to quit)");
                err.flush();
            });
            while (true) {
                out.print(PROMPT);
                out.flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit")) {
                    out.println();
                    out.flush();
                    return 0;
                }
                line = line.strip();
                if (line.equals("/reset")) {
                    chat.reset();
                    out.println("(conversation cleared)");
                    continue;
                }
                if (line.isEmpty()) {
                    continue;
                }
                GenerationResult result;
                try {
                    result = GenerateCommand.stream(chat.send(line, generation.config()), out);
                } catch (IllegalArgumentException e) {
                    err.println("chat: " + e.getMessage());
                    err.flush();
                    continue;
                }
                err.println(Loading.metrics(model, result));
                err.flush();
            }
        }
    }
}
