package io.github.aipc4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs child processes for tests: the fetch script, and fresh JVMs for what must happen first in a process
 * (library load order cannot be tested in a JVM that has loaded the libraries already).
 */
public final class Processes {
    private Processes() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    public static Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Pins.ROOT.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        // stderr on another thread so that neither pipe can fill up and stall the child
        CompletableFuture<String> stderr = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 300 s");
        }
        return new Result(process.exitValue(), stdout, stderr.join());
    }

    /** {@code mainClass} in a fresh JVM with this test JVM's class path and native access. */
    public static Result java(Class<?> mainClass, List<String> jvmOptions, Map<String, String> environment,
                              String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return run(command, environment);
    }
}
