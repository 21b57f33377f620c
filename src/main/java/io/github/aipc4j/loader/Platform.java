package io.github.aipc4j.loader;

import java.util.Locale;

/** The platform key used for native folders, e.g. {@code linux-x86_64}. */
public final class Platform {
    private Platform() {
    }

    public static String current() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osKey = os.startsWith("linux") ? "linux" : os.startsWith("windows") ? "windows"
                : os.startsWith("mac") ? "macos" : os.replace(' ', '_');
        String archKey = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return osKey + "-" + archKey;
    }
}
