package io.github.aipc4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads native/pins.ini (the INI subset it uses) so tests compare the loaded runtimes with what is pinned. */
public final class Pins {
    public static final Path ROOT = Path.of("").toAbsolutePath();
    public static final Path FILE = ROOT.resolve("native/pins.ini");

    private Pins() {
    }

    /** section → key → value; continuation lines are joined with a newline. */
    public static Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        try {
            for (String line : Files.readAllLines(FILE)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.startsWith("[")) {
                    current = new LinkedHashMap<>();
                    sections.put(trimmed.substring(1, trimmed.length() - 1), current);
                } else if (Character.isWhitespace(line.charAt(0)) && lastKey != null) {
                    current.merge(lastKey, trimmed, (a, b) -> a + "\n" + b);
                } else {
                    int eq = trimmed.indexOf('=');
                    lastKey = trimmed.substring(0, eq).strip();
                    current.put(lastKey, trimmed.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sections;
    }

    public static String get(String section, String key) {
        String value = read().getOrDefault(section, Map.of()).get(key);
        if (value == null) {
            throw new IllegalStateException(FILE + " has no " + key + " in [" + section + "]");
        }
        return value;
    }

    /** The native folder the fetch script fills, as the tests expect it. */
    public static Path nativeFolder() {
        return ROOT.resolve("native/lib/linux-x86_64");
    }
}
