package io.github.aipc4j.openvino;

import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenVinoSmokeTest {
    @Test
    void versionIsThePinnedRelease() {
        String version = OpenVinoProbe.version();
        // buildNumber looks like 2026.4.1-22982-e213a147257-releases/2026/4
        assertTrue(version.startsWith(Pins.get("openvino", "version") + "-"), version);
    }

    @Test
    void aFreshCoreSeesTheCpuPlugin() {
        List<String> devices = OpenVinoProbe.availableDevices();
        assertTrue(devices.contains("CPU"), "devices: " + devices);
    }
}
