package io.github.aipc4j.openvino;

/**
 * A device OpenVINO can compile for, as {@link Core#availableDevices()} lists it.
 *
 * @param name     the device string to compile for, e.g. {@code CPU}, {@code GPU.0}, {@code NPU}
 * @param fullName the {@code FULL_DEVICE_NAME} property, e.g. {@code Intel(R) Core(TM) Ultra 7 155H}
 */
public record Device(String name, String fullName) {
    /** The device type without its index: {@code GPU} for {@code GPU.1}. */
    public String type() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    @Override
    public String toString() {
        return name + " (" + fullName + ")";
    }
}
