package io.github.aipc4j.cli;

import io.github.aipc4j.llm.Engines;
import io.github.aipc4j.llm.GenerationConfig;
import io.github.aipc4j.llm.GenerationResult;
import io.github.aipc4j.llm.LanguageModel;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code aipc4j demo} (also what {@code aipc4j} without a command runs): the seed's Phi-3 chat on every engine
 * that can read the model folder, streaming each answer and its metrics.
 */
@Command(name = "demo", description = "The main job: one Phi-3 chat turn on every engine that can read the model "
        + "(default: the tiny demo model, created if absent), streamed, with metrics.")
final class DemoCommand implements Callable<Integer> {
    static final String QUESTION = "What is an AI PC? Answer in one sentence.";

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", description = "Model folder (default: the tiny demo model).")
    Path model;
    @Option(names = {"-d", "--device"}, defaultValue = "cpu", description = "Device. Default: ${DEFAULT-VALUE}.")
    String device;
    @Option(names = "--exact", description = "Full precision on every engine (see generate --help).")
    boolean exact;
    @Option(names = "--max-new-tokens", defaultValue = "48", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = model != null ? model : DemoModel.ensure(err);
        if (model == null) {
            err.println("(the demo model has random weights: its answers are noise in Phi-3's vocabulary; "
                    + "use --model with a real Phi-3 folder for real answers)");
        }
        List<ChatMessage> messages = List.of(ChatMessage.system(GenerationOptions.DEFAULT_SYSTEM),
                ChatMessage.user(QUESTION));
        GenerationConfig config = GenerationConfig.greedy(maxNewTokens);
        int failures = 0;
        for (String engine : Engines.available(folder)) {
            out.printf("%n== %s (%s) ==%n", engine, device);
            out.flush();
            try (LanguageModel lm = Loading.open(folder, engine, device, exact, err)) {
                out.println("<|user|> " + QUESTION);
                out.print("<|assistant|> ");
                GenerationResult result = GenerateCommand.stream(lm.generate(messages, config), out);
                err.println(Loading.metrics(lm, result));
                err.flush();
            } catch (RuntimeException e) {
                failures++;
                err.println(engine + ": " + Main.oneLine(e));
                err.flush();
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
