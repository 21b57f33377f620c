package io.github.aipc4j.openvino;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeCalls;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenVINO's version and the devices a fresh core sees. Hand-written downcalls until the generated
 * {@code openvino/c/openvino.h} bindings replace them.
 */
public final class OpenVinoProbe {
    private static final AddressLayout C_POINTER = ValueLayout.ADDRESS;
    /** {@code ov_version_t} and {@code ov_available_devices_t}: two pointer-sized fields each on LP64. */
    private static final StructLayout TWO_WORDS = MemoryLayout.structLayout(C_POINTER, ValueLayout.JAVA_LONG);

    private OpenVinoProbe() {
    }

    /** {@code buildNumber} of {@code ov_get_openvino_version}, e.g. {@code 2026.4.1-22982-…}. */
    public static String version() {
        LoadedRuntime ov = NativeLoader.load(RuntimeLibrary.OPENVINO);
        MethodHandle get = ov.downcall("ov_get_openvino_version", FunctionDescriptor.of(ValueLayout.JAVA_INT, C_POINTER));
        MethodHandle free = ov.downcall("ov_version_free", FunctionDescriptor.ofVoid(C_POINTER));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(TWO_WORDS);
            check(ov, (int) get.invokeExact(version), "ov_get_openvino_version");
            try {
                return NativeCalls.string(version.get(C_POINTER, 0));
            } finally {
                free.invokeExact(version);
            }
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** The device names of {@code ov_core_get_available_devices} on a new core, e.g. {@code [CPU]}. */
    public static List<String> availableDevices() {
        LoadedRuntime ov = NativeLoader.load(RuntimeLibrary.OPENVINO);
        MethodHandle create = ov.downcall("ov_core_create", FunctionDescriptor.of(ValueLayout.JAVA_INT, C_POINTER));
        MethodHandle freeCore = ov.downcall("ov_core_free", FunctionDescriptor.ofVoid(C_POINTER));
        MethodHandle devices = ov.downcall("ov_core_get_available_devices",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, C_POINTER, C_POINTER));
        MethodHandle freeDevices = ov.downcall("ov_available_devices_free", FunctionDescriptor.ofVoid(C_POINTER));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment coreOut = arena.allocate(C_POINTER);
            check(ov, (int) create.invokeExact(coreOut), "ov_core_create");
            MemorySegment core = coreOut.get(C_POINTER, 0);
            try {
                MemorySegment list = arena.allocate(TWO_WORDS);
                check(ov, (int) devices.invokeExact(core, list), "ov_core_get_available_devices");
                try {
                    long size = list.get(ValueLayout.JAVA_LONG, C_POINTER.byteSize());
                    MemorySegment names = list.get(C_POINTER, 0).reinterpret(size * C_POINTER.byteSize());
                    List<String> result = new ArrayList<>();
                    for (long i = 0; i < size; i++) {
                        result.add(NativeCalls.string(names.getAtIndex(C_POINTER, i)));
                    }
                    return List.copyOf(result);
                } finally {
                    freeDevices.invokeExact(list);
                }
            } finally {
                freeCore.invokeExact(core);
            }
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    private static void check(LoadedRuntime ov, int status, String call) throws Throwable {
        if (status == 0) {
            return;
        }
        MethodHandle lastError = ov.downcall("ov_get_last_err_msg", FunctionDescriptor.of(C_POINTER));
        throw new IllegalStateException(call + " failed with status " + status + ": "
                + NativeCalls.string((MemorySegment) lastError.invokeExact()));
    }
}
