package io.github.aipc4j.cli;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code generate}, {@code bench} and {@code demo} on the real engines, and the CLI's error style. */
class GenerationCommandsTest {
    @TempDir
    static Path dir;
    static Path tiny;

    @BeforeAll
    static void model() throws IOException {
        tiny = Phi3ModelFolder.write(dir.resolve("tiny"), Phi3Weights.generate(Phi3Config.tiny()),
                Pins.ROOT.resolve("native/tokenizers/phi3"));
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void generateStreamsTheSameAnswerOnEveryEngine() {
        // --exact: OpenVINO's CPU default (bf16) breaks the 8th token's near-tie (margin 0.0013) the other way.
        String answer = null;
        for (String engine : new String[]{"genai", "ort", "openvino"}) {
            Run r = run("generate", "--model", tiny.toString(), "--engine", engine, "--exact", "--max-new-tokens", "12",
                    "Hello", "world");
            assertEquals(0, r.status, r.err);
            assertTrue(r.err.contains("[" + engine + "/cpu] "), r.err);
            assertTrue(r.err.contains("12 generated, finish max_tokens"), r.err);
            if (answer == null) {
                answer = r.out;
                assertFalse(answer.isBlank());
            } else {
                assertEquals(answer, r.out, engine + " prints the same greedy answer");
            }
        }
    }

    @Test
    void stopStringsAndSamplingOptionsReachTheConfig() {
        Run full = run("generate", "--model", tiny.toString(), "--engine", "ort", "--max-new-tokens", "12", "Hi");
        String text = full.out.strip();
        String stop = text.substring(3, 6);
        Run stopped = run("generate", "--model", tiny.toString(), "--engine", "ort", "--max-new-tokens", "12",
                "--stop", stop, "Hi");
        assertEquals(0, stopped.status, stopped.err);
        assertTrue(stopped.err.contains("finish stop_string"), stopped.err);
        assertFalse(stopped.out.contains(stop), stopped.out);
        Run sampled = run("generate", "--model", tiny.toString(), "--engine", "ort", "--max-new-tokens", "12",
                "--temperature", "1.5", "--seed", "3", "Hi");
        Run again = run("generate", "--model", tiny.toString(), "--engine", "ort", "--max-new-tokens", "12",
                "--temperature", "1.5", "--seed", "3", "Hi");
        assertEquals(sampled.out, again.out);
        assertFalse(sampled.out.equals(full.out), "sampling differs from greedy");
    }

    @Test
    void benchPrintsOneRowPerEngine() {
        Run r = run("bench", "--model", tiny.toString(), "--prompt-tokens", "16", "--new-tokens", "8", "--runs", "2",
                "--warmup", "0");
        assertEquals(0, r.status, r.out + r.err);
        for (String engine : new String[]{"genai", "ort", "openvino"}) {
            assertTrue(r.out.matches("(?s).*\\n" + engine + " +cpu +16 +8 .*"), r.out);
        }
    }

    @Test
    void makeModelKeepsItsOrderedOptions() throws IOException {
        Path out = dir.resolve("made");
        assertEquals(0, run("make-model", "--preset", "tiny", "--layers", "1", "--out", out.toString()).status);
        assertTrue(java.nio.file.Files.isRegularFile(out.resolve("model.onnx")));
        assertEquals(0, run("make-model", "--help").status);
    }

    @Test
    void errorsAreOneLineWithoutAStackTrace() {
        Run missing = run("generate", "--model", dir.resolve("nope").toString(), "Hi");
        assertEquals(1, missing.status);
        assertTrue(missing.err.contains("aipc4j generate: "), missing.err);
        assertFalse(missing.err.contains("\tat "), missing.err);
        Run verbose = run("generate", "--verbose", "--model", dir.resolve("nope").toString(), "Hi");
        assertTrue(verbose.err.contains("\tat "), "--verbose prints the stack trace");
        Run badDevice = run("generate", "--model", tiny.toString(), "--engine", "openvino", "--device", "tpu", "Hi");
        assertEquals(1, badDevice.status);
        assertTrue(badDevice.err.contains("CPU"), "names the available devices: " + badDevice.err);
        Run badOption = run("generate", "--max-new-tokens", "many", "Hi");
        assertEquals(2, badOption.status, "usage errors exit with 2");
        Run badValue = run("generate", "--model", tiny.toString(), "--engine", "ort", "--top-p", "0", "Hi");
        assertEquals(1, badValue.status);
        assertTrue(badValue.err.contains("topP must be in (0, 1]"), badValue.err);
    }
}
