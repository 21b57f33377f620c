package io.github.aipc4j.cli;

import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void infoReportsAllThreeRuntimesAndOpenVinoDevices() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = InfoCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report + err.toString(StandardCharsets.UTF_8));
        assertTrue(report.contains("ONNX Runtime         version " + Pins.get("onnxruntime", "version")), report);
        assertTrue(report.contains("ONNX Runtime GenAI   version " + Pins.get("onnxruntime-genai", "version")), report);
        assertTrue(report.contains("OpenVINO (C API)     version " + Pins.get("openvino", "version") + "-"), report);
        assertTrue(report.matches("(?s).*devices [^\\n]*CPU.*"), report);
    }

    @Test
    void makeModelWritesTheSameFolderTwiceAndRejectsBadOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        for (String name : new String[] {"a", "b"}) {
            assertEquals(0, MakeModelCommand.run(java.util.List.of("--out", dir.resolve(name).toString(), "--layers", "1",
                    "--weights", "fp16", "--seed", "7"), stdout, sink));
        }
        for (String file : new String[] {"model.onnx", "genai_config.json", "tokenizer.json"}) {
            assertTrue(java.util.Arrays.equals(java.nio.file.Files.readAllBytes(dir.resolve("a").resolve(file)),
                    java.nio.file.Files.readAllBytes(dir.resolve("b").resolve(file))), file + " differs between two runs");
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("1 layers, hidden 32, 4/2 heads, vocab 32064, FP16 weights, seed 7"),
                out.toString(StandardCharsets.UTF_8));
        assertEquals(2, MakeModelCommand.run(java.util.List.of("--out", dir.toString(), "--heads", "3"), stdout, sink),
                "32 hidden over 3 heads, or 4 kv heads over 3, is refused");
        assertEquals(2, MakeModelCommand.run(java.util.List.of("--out", dir.toString(), "--colour", "blue"), stdout, sink));
        assertEquals(2, MakeModelCommand.run(java.util.List.of("--layers", "2"), stdout, sink), "--out is required");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(2, Main.run(new String[] {"frobnicate"}));
    }
}
