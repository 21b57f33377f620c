package io.github.aipc4j.generator;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared by the generator tests: writes a synthetic C header into a temporary folder, runs the generator in
 * process ({@link Main#run}), and compiles (javac {@code --release 22}), loads and calls what it generated.
 * Generated code that calls native functions runs in a fresh JVM instead ({@link #java}), because the generated
 * header class finds symbols through {@code SymbolLookup.loaderLookup()} of its own class loader.
 */
final class GeneratorFixture {
    /** The package every test generates into. */
    static final String PACKAGE = "gen";

    private final Path dir;
    private int runs;

    GeneratorFixture(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Writes {@code text} to {@code name} in the temporary folder. */
    Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one generator run returned, printed and wrote. */
    record Run(int exitCode, String out, String err, Path output, Map<String, String> files) {
        /** The text of generated class {@code name} (simple name), failing the test if there is none. */
        String source(String name) {
            String text = files.get(name);
            assertNotNull(text, () -> "no class " + name + " generated; have " + files.keySet() + "\n" + err);
            return text;
        }

        /** Every generated {@code .java} file. */
        List<Path> sources() {
            return files.keySet().stream().map(n -> output.resolve(PACKAGE).resolve(n + ".java")).toList();
        }
    }

    /** {@link Main#run} with {@code args} as given; output files (if any) read from {@code output}. */
    Run run(Path output, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), output,
                read(output == null ? null : output.resolve(PACKAGE)));
    }

    /**
     * Writes {@code header} as {@code t.h} and generates package {@value #PACKAGE} from it into a new folder with
     * {@code options} added before the header; the run must succeed.
     */
    Run generate(String header, String... options) {
        return generate(write("t.h", header), options);
    }

    Run generate(Path header, String... options) {
        Path output = dir.resolve("out" + ++runs);
        List<String> args = new ArrayList<>(List.of("-t", PACKAGE, "--output", output.toString()));
        args.addAll(List.of(options));
        args.add(header.toString());
        Run run = run(output, args);
        assertEquals(0, run.exitCode(), () -> "generator failed:\n" + run.out() + run.err());
        return run;
    }

    private static Map<String, String> read(Path folder) {
        Map<String, String> files = new TreeMap<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".java")) {
                    files.put(name.substring(0, name.length() - 5), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Compiles {@code sources} with javac {@code --release 22} into {@code classes}; fails with javac's messages. */
    static void compile(List<Path> sources, Path classes, Path... classPath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler (a JDK is needed to run the generator tests)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            Files.createDirectories(classes);
            List<String> options = new ArrayList<>(List.of("--release", "22", "-proc:none", "-Xlint:none",
                    "-d", classes.toString()));
            if (classPath.length > 0) {
                options.add("-cp");
                options.add(String.join(java.io.File.pathSeparator, Arrays.stream(classPath).map(Path::toString).toList()));
            }
            boolean ok = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                StringBuilder report = new StringBuilder("generated code does not compile:\n");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        report.append(d).append('\n');
                    }
                }
                fail(report.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles a run's sources and loads them in a class loader of their own. */
    Loaded load(Run run) {
        Path classes = dir.resolve("classes" + ++runs);
        compile(run.sources(), classes);
        try {
            return new Loaded(new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Generated classes loaded in this JVM, called reflectively (only what needs no native symbol). */
    record Loaded(ClassLoader loader) {
        Class<?> type(String binaryName) {
            try {
                return Class.forName(PACKAGE + "." + binaryName, true, loader);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("no class " + binaryName, e);
            }
        }

        /**
         * Calls public static {@code method} of {@code binaryName} (e.g. {@code Outer$inner}) whose parameters
         * take {@code args} exactly (boxed primitives match their primitive type), so overloads such as
         * {@code data(MemorySegment, long)} and {@code data(MemorySegment, MemorySegment)} are told apart.
         */
        Object call(String binaryName, String method, Object... args) {
            Class<?> type = type(binaryName);
            for (Method m : type.getMethods()) {
                if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers()) && accepts(m.getParameterTypes(), args)) {
                    try {
                        return m.invoke(null, args);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    } catch (InvocationTargetException e) {
                        throw new AssertionError(binaryName + "." + method + " threw", e.getCause());
                    }
                }
            }
            throw new AssertionError("no public static " + binaryName + "." + method + " for " + Arrays.toString(args));
        }

        private static boolean accepts(Class<?>[] parameters, Object[] args) {
            if (parameters.length != args.length) {
                return false;
            }
            for (int i = 0; i < args.length; i++) {
                Class<?> p = parameters[i];
                if (p.isPrimitive() ? args[i] == null || box(p) != args[i].getClass() : args[i] != null && !p.isInstance(args[i])) {
                    return false;
                }
            }
            return true;
        }

        private static Class<?> box(Class<?> primitive) {
            return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
        }
    }

    /** Builds {@code c} into a shared library with the system's gcc; returns the library's absolute path. */
    Path gcc(Path c, String library) throws IOException, InterruptedException {
        Path so = dir.resolve(library).toAbsolutePath();
        Result r = exec(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", so.toString(), c.toString()), 60);
        assertEquals(0, r.exitCode(), () -> "gcc failed:\n" + r.all());
        return so;
    }

    static boolean hasGcc() {
        try {
            return exec(List.of("gcc", "--version"), 30).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code mainClass} from {@code classPath} in a fresh JVM with native access. */
    static Result java(List<Path> classPath, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()), mainClass));
        command.addAll(List.of(args));
        return exec(command, 120);
    }

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static Result exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), stdout, stderr.join());
    }

    /**
     * Asserts that {@code text} contains every one of {@code parts}, reporting the text on failure. Lines are
     * compared without their indentation, so a multi-line part can be written as a text block at any depth.
     */
    static void assertContains(String text, String... parts) {
        String body = unindent(text);
        for (String part : parts) {
            assertTrue(body.contains(unindent(part)), () -> "expected\n  " + part + "\nin\n" + text);
        }
    }

    private static String unindent(String text) {
        return String.join("\n", text.lines().map(String::strip).toList());
    }

    /** Asserts that {@code text} contains none of {@code parts}. */
    static void assertLacks(String text, String... parts) {
        for (String part : parts) {
            assertTrue(!text.contains(part), () -> "did not expect\n  " + part + "\nin\n" + text);
        }
    }
}
