package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.ov_available_devices_t;
import io.github.aipc4j.bindings.openvino.ov_version_t;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static io.github.aipc4j.bindings.openvino.openvino_h.C_POINTER;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_available_devices_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_create;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_get_available_devices;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_get_last_err_msg;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_get_openvino_version;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_version_free;

/** OpenVINO's version and the devices a fresh core sees, through the generated bindings. */
public final class OpenVinoProbe {
    private OpenVinoProbe() {
    }

    /** {@code buildNumber} of {@code ov_get_openvino_version}, e.g. {@code 2026.4.1-22982-…}. */
    public static String version() {
        NativeLoader.load(RuntimeLibrary.OPENVINO);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = ov_version_t.allocate(arena);
            check(ov_get_openvino_version(version), "ov_get_openvino_version");
            try {
                return ov_version_t.buildNumber(version).getString(0);
            } finally {
                ov_version_free(version);
            }
        }
    }

    /** The device names of {@code ov_core_get_available_devices} on a new core, e.g. {@code [CPU]}. */
    public static List<String> availableDevices() {
        NativeLoader.load(RuntimeLibrary.OPENVINO);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment coreOut = arena.allocate(C_POINTER);
            check(ov_core_create(coreOut), "ov_core_create");
            MemorySegment core = coreOut.get(C_POINTER, 0);
            try {
                MemorySegment list = ov_available_devices_t.allocate(arena);
                check(ov_core_get_available_devices(core, list), "ov_core_get_available_devices");
                try {
                    long size = ov_available_devices_t.size(list);
                    MemorySegment names = ov_available_devices_t.devices(list);
                    List<String> result = new ArrayList<>();
                    for (long i = 0; i < size; i++) {
                        result.add(names.getAtIndex(C_POINTER, i).getString(0));
                    }
                    return List.copyOf(result);
                } finally {
                    ov_available_devices_free(list);
                }
            } finally {
                ov_core_free(core);
            }
        }
    }

    private static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed with status " + status + ": "
                    + ov_get_last_err_msg().getString(0));
        }
    }
}
