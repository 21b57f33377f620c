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
    void anUnknownCommandIsAUsageError() {
        assertEquals(2, Main.run(new String[] {"frobnicate"}));
    }
}
