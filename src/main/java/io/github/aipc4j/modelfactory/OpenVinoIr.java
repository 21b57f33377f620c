package io.github.aipc4j.modelfactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * OpenVINO formats of a model factory decoder, made by the pinned {@code openvino} Python package's own
 * conversion ({@code src/modelfactory/python/make_stateful_ir.py}, run on {@code native/python}, which
 * {@code native/python_env.py} installs from the pinned wheels; the Maven build does that in its first phase).
 *
 * <p>The C API cannot apply OpenVINO's MakeStateful transformation or serialize a model, so this step needs Python
 * and a checkout of the project (the script and {@code native/python/} are found above the working directory or
 * aipc4j's classes, or under {@code -Daipc4j.project.dir} / {@code AIPC4J_PROJECT_DIR}). The interpreter is
 * {@code python3}, or {@code -Daipc4j.python} / {@code AIPC4J_PYTHON}; it must be the CPython version of the
 * pinned wheels (3.11).
 */
public final class OpenVinoIr {
    /** The conversion script, relative to the project folder. */
    public static final String SCRIPT = "src/modelfactory/python/make_stateful_ir.py";
    /** Where {@code native/python_env.py} installs the pinned openvino and numpy packages. */
    public static final String PYTHON_PACKAGES = "native/python";
    /** File name of the stateful IR's XML part (optimum-intel's name); the weights are beside it in {@code .bin}. */
    public static final String XML_NAME = "openvino_model.xml";

    public static final String PROJECT_DIR_PROPERTY = "aipc4j.project.dir";
    public static final String PROJECT_DIR_VARIABLE = "AIPC4J_PROJECT_DIR";
    public static final String PYTHON_PROPERTY = "aipc4j.python";
    public static final String PYTHON_VARIABLE = "AIPC4J_PYTHON";

    private static final long TIMEOUT_SECONDS = 300;

    private OpenVinoIr() {
    }

    /** The conversion script failed (or could not be started); {@link #stderr()} holds what it said. */
    public static final class ConversionException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;
        private final String stderr;

        ConversionException(String message, int exitCode, String stderr) {
            super(stderr.isBlank() ? message : message + ":\n" + stderr.strip());
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        /** The script's exit status, or -1 when it did not run to an end. */
        public int exitCode() {
            return exitCode;
        }

        /** Everything the script wrote to its standard error. */
        public String stderr() {
            return stderr;
        }
    }

    /**
     * Converts a stateless decoder ONNX file (inputs {@code input_ids}, {@code attention_mask}, {@code position_ids},
     * {@code past_key_values.N.key/value}; outputs {@code logits}, {@code present.N.key/value}) into a stateful IR
     * laid out like an optimum-intel export: inputs {@code input_ids}, {@code attention_mask}, {@code position_ids},
     * {@code beam_idx} (i32 [batch]), the KV cache in ReadValue/Assign variables named
     * {@code past_key_values.N.keypresent.N.key}, output {@code logits}; f32 weights kept f32.
     *
     * @return {@code outDir/openvino_model.xml} (with {@code openvino_model.bin} beside it)
     * @throws ConversionException when the script fails, carrying its standard error
     */
    public static Path writeStateful(Path onnxFile, Path outDir) {
        Path project = projectDir();
        Path script = project.resolve(SCRIPT);
        Path packages = project.resolve(PYTHON_PACKAGES);
        if (!Files.isDirectory(packages.resolve("openvino"))) {
            throw new ConversionException("the pinned openvino Python package is not installed in " + packages
                    + "; run: python3 native/python_env.py (the Maven build does this in its initialize phase)", -1, "");
        }
        String python = firstNonBlank(System.getProperty(PYTHON_PROPERTY), System.getenv(PYTHON_VARIABLE), "python3");
        List<String> command = List.of(python, script.toString(),
                onnxFile.toAbsolutePath().toString(), outDir.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
        Map<String, String> env = builder.environment();
        env.put("PYTHONPATH", packages.toString());
        env.put("PYTHONNOUSERSITE", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");

        Path outLog = null;
        Path errLog = null;
        try {
            outLog = Files.createTempFile("aipc4j-ir-", ".out");
            errLog = Files.createTempFile("aipc4j-ir-", ".err");
            builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(outLog.toFile())
                    .redirectError(errLog.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new ConversionException("could not start " + String.join(" ", command) + " (" + e.getMessage()
                        + "; set -D" + PYTHON_PROPERTY + " to a CPython 3.11)", -1, "");
            }
            int exit;
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new ConversionException(script + " did not finish within " + TIMEOUT_SECONDS + " s", -1,
                            Files.readString(errLog));
                }
                exit = process.exitValue();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new ConversionException("interrupted while waiting for " + script, -1, "");
            }
            if (exit != 0) {
                throw new ConversionException(script + " exited " + exit + " for " + onnxFile, exit,
                        Files.readString(errLog));
            }
            return checkWritten(script, outDir, Files.readString(outLog), Files.readString(errLog));
        } catch (IOException e) {
            throw new UncheckedIOException("running " + script, e);
        } finally {
            deleteQuietly(outLog);
            deleteQuietly(errLog);
        }
    }

    private static Path checkWritten(Path script, Path outDir, String out, String err) {
        Path xml = outDir.toAbsolutePath().resolve(XML_NAME);
        Path bin = outDir.toAbsolutePath().resolve(XML_NAME.replace(".xml", ".bin"));
        if (!Files.isRegularFile(xml) || !Files.isRegularFile(bin)) {
            throw new ConversionException(script + " exited 0 but wrote no " + xml + " and " + bin
                    + " (it printed: " + out.strip() + ")", 0, err);
        }
        return xml;
    }

    /** The project folder holding {@link #SCRIPT}: configured, or found above the working directory or the classes. */
    /** The aipc4j checkout: {@code -Daipc4j.project.dir}, {@code AIPC4J_PROJECT_DIR}, or found above the working directory or the classes. */
    public static Path projectDir() {
        String configured = firstNonBlank(System.getProperty(PROJECT_DIR_PROPERTY), System.getenv(PROJECT_DIR_VARIABLE), null);
        if (configured != null) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve(SCRIPT))) {
                throw new ConversionException(PROJECT_DIR_PROPERTY + " / " + PROJECT_DIR_VARIABLE + " names " + dir
                        + ", which has no " + SCRIPT, -1, "");
            }
            return dir;
        }
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                    return dir;
                }
            }
        }
        throw new ConversionException("no " + SCRIPT + " above " + starts + " (the conversion needs a checkout of "
                + "aipc4j; set -D" + PROJECT_DIR_PROPERTY + ")", -1, "");
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource source = OpenVinoIr.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
