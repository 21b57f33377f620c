package io.github.aipc4j.loader;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The native runtimes aipc4j binds, with where each one is looked for.
 *
 * <p>For each runtime the loader tries, in order: the system property {@link #property()}, the
 * environment variable {@link #environmentVariable()} (each naming the library file or the folder
 * holding it), the project's native folder {@code native/lib/<platform>/<folder>}, and the OS's
 * default library search under {@link #systemNames()}.
 */
public enum RuntimeLibrary {
    ONNXRUNTIME("onnxruntime", "ONNX Runtime", "libonnxruntime\\.so(\\.\\d+)*",
            List.of("libonnxruntime.so.1", "libonnxruntime.so"), "OrtGetApiBase"),
    GENAI("onnxruntime-genai", "ONNX Runtime GenAI", "libonnxruntime-genai\\.so",
            List.of("libonnxruntime-genai.so"), "OgaCreateSequences"),
    OPENVINO("openvino", "OpenVINO (C API)", "libopenvino_c\\.so(\\.\\d+)*",
            List.of("libopenvino_c.so"), "ov_get_openvino_version");

    private final String id;
    private final String displayName;
    private final Pattern fileName;
    private final List<String> systemNames;
    private final String anchorSymbol;

    RuntimeLibrary(String id, String displayName, String fileName, List<String> systemNames, String anchorSymbol) {
        this.anchorSymbol = anchorSymbol;
        this.id = id;
        this.displayName = displayName;
        this.fileName = Pattern.compile(fileName);
        this.systemNames = systemNames;
    }

    /** The runtime's name in pins, folders, properties: {@code onnxruntime}, {@code onnxruntime-genai}, {@code openvino}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** Folder under {@code native/lib/<platform>/} that the fetch script fills. */
    public String folder() {
        return id;
    }

    /** System property naming the library file, or a folder that holds it. */
    public String property() {
        return "aipc4j." + id + ".path";
    }

    /** Environment variable naming the library file, or a folder that holds it. */
    public String environmentVariable() {
        return "AIPC4J_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_PATH";
    }

    /** True for the file names this runtime's C library has (versioned names included). */
    public boolean matchesFileName(String name) {
        return fileName.matcher(name).matches();
    }

    /** A function every version of the runtime exports; used to find the file the OS search opened. */
    public String anchorSymbol() {
        return anchorSymbol;
    }

    /** Names handed to the OS loader when every configured place failed. */
    public List<String> systemNames() {
        return systemNames;
    }
}
