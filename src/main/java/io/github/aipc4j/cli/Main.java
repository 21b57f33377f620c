package io.github.aipc4j.cli;

import java.util.Arrays;

/** The {@code aipc4j} command line. Without arguments it runs the default job ({@code info} for now). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String command = args.length == 0 ? "info" : args[0];
        return switch (command) {
            case "info" -> InfoCommand.run(System.out, System.err);
            case "make-model" -> MakeModelCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
            case "help", "-h", "--help" -> {
                usage();
                yield 0;
            }
            default -> {
                System.err.println("unknown command '" + command + "' (arguments " + Arrays.toString(args) + ")");
                usage();
                yield 2;
            }
        };
    }

    private static void usage() {
        System.err.println("""
                usage: aipc4j [command]
                  info        load ONNX Runtime, ONNX Runtime GenAI and OpenVINO; print versions, files, devices (default)
                  make-model  write a synthetic Phi-3-architecture model folder (make-model --help for options)
                  help        this text""");
    }
}
