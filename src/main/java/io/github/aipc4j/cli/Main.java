package io.github.aipc4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code aipc4j} command line. Without a command it runs the main job ({@code demo}). Errors print one line
 * (the whole stack trace with {@code --verbose}); usage errors exit with 2, failures with 1.
 */
@Command(name = "aipc4j", mixinStandardHelpOptions = true, version = "aipc4j 0.1.0-SNAPSHOT",
        description = "Run Phi-3 and similar models on ONNX Runtime GenAI, ONNX Runtime or OpenVINO from Java.",
        subcommands = {DemoCommand.class, GenerateCommand.class, ChatCommand.class, BenchCommand.class,
                Main.Info.class, Main.MakeModel.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print whole stack traces on errors.")
    boolean verbose;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Jinjava logs through SLF4J; the CLI has no logging backend and wants no "no providers" warning.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args));
    }

    static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length > 0 && args[0].equals("make-model")) {
            // its own option parser (ordered --key value pairs); picocli would split options from their values
            return MakeModelCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
        }
        boolean verbose = List.of(args).contains("--verbose");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("aipc4j " + command.getCommandName() + ": " + oneLine(e));
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(--verbose shows the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    /** The default job: the demo. */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("demo").execute();
    }

    /** An exception as one readable line: its message, and its cause's when that adds something. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message.replace('\n', ' ');
    }

    @Command(name = "info", description = "Load the three runtimes; print versions, files, ORT providers, "
            + "OpenVINO devices.")
    static final class Info implements Callable<Integer> {
        @Override
        public Integer call() {
            return InfoCommand.run(System.out, System.err);
        }
    }

    /** Listed in the help; {@link #run} hands {@code make-model} to its own parser before picocli sees it. */
    @Command(name = "make-model", description = "Write a synthetic Phi-3-architecture model folder "
            + "(make-model --help for its options).")
    static final class MakeModel implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(MakeModelCommand.USAGE);
            return 0;
        }
    }
}
