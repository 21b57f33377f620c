package io.github.aipc4j.openvino;

import java.util.List;

/** OpenVINO's version and the devices a fresh core sees, for {@code aipc4j info} (over {@link Core}). */
public final class OpenVinoProbe {
    private OpenVinoProbe() {
    }

    /** {@code buildNumber} of {@code ov_get_openvino_version}, e.g. {@code 2026.4.1-22982-…}. */
    public static String version() {
        return Core.version().buildNumber();
    }

    /** The device names of {@code ov_core_get_available_devices} on a new core, e.g. {@code [CPU]}. */
    public static List<String> availableDevices() {
        try (Core core = Core.create()) {
            return core.deviceNames();
        }
    }

    /** The devices of a new core with their {@code FULL_DEVICE_NAME}s. */
    public static List<Device> devices() {
        try (Core core = Core.create()) {
            return core.availableDevices();
        }
    }
}
