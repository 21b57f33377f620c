package io.github.aipc4j.loader;

import java.util.List;

/**
 * A native runtime could not be found or opened. The message lists every place searched, why each
 * failed, and the command that fetches the pinned runtimes.
 */
public final class RuntimeNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The command that downloads, verifies and extracts the pinned runtimes into {@code native/}. */
    public static final String FETCH_COMMAND = "python3 native/fetch.py";

    private final RuntimeLibrary runtime;
    private final List<String> searched;

    public RuntimeNotFoundException(RuntimeLibrary runtime, List<String> searched) {
        super(message(runtime, searched));
        this.runtime = runtime;
        this.searched = List.copyOf(searched);
    }

    public RuntimeLibrary runtime() {
        return runtime;
    }

    /** Each place searched, with the reason it gave nothing, in search order. */
    public List<String> searched() {
        return searched;
    }

    private static String message(RuntimeLibrary runtime, List<String> searched) {
        StringBuilder text = new StringBuilder()
                .append(runtime.displayName()).append(" (").append(runtime.id()).append(") could not be loaded. Searched:");
        for (String place : searched) {
            text.append("\n  - ").append(place);
        }
        return text.append("\nFetch the pinned runtimes with `").append(FETCH_COMMAND)
                .append("` from the aipc4j checkout (bin/mvn and bin/aipc4j run it for you), or set -D")
                .append(runtime.property()).append(" / ").append(runtime.environmentVariable())
                .append(" to the library file or its folder.").toString();
    }
}
