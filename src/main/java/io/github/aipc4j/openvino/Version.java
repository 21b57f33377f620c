package io.github.aipc4j.openvino;

/**
 * The version of the loaded OpenVINO runtime ({@code ov_get_openvino_version}).
 *
 * @param buildNumber e.g. {@code 2026.4.1-22982-e213a147257-releases/2026/4}
 * @param description e.g. {@code OpenVINO Runtime}
 */
public record Version(String buildNumber, String description) {
    /** The release part of the build number, e.g. {@code 2026.4.1}. */
    public String release() {
        int dash = buildNumber.indexOf('-');
        return dash < 0 ? buildNumber : buildNumber.substring(0, dash);
    }

    @Override
    public String toString() {
        return description + " " + buildNumber;
    }
}
