package io.github.aipc4j.ort;

import io.github.aipc4j.testing.Processes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentTest {
    @Test
    void globalThreadPoolsServeSessionsAndOrtLogsReachSystemLogger() throws Exception {
        Processes.Result run = Processes.java(EnvironmentMain.class, List.of(), Map.of());
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.stdout().contains("result=40.0"), run.all());
        Matcher logged = Pattern.compile("logged=(\\d+)").matcher(run.stdout());
        assertTrue(logged.find() && Integer.parseInt(logged.group(1)) > 0, "no ORT message reached System.Logger:\n" + run.all());
        // VERBOSE maps to TRACE, which java.util.logging shows as FINER
        assertTrue(run.stdout().matches("(?s).*example=(FINER|FINE|INFO|WARNING) \\[env-test\\].*"), run.all());
    }
}
