package io.github.aipc4j.ort;

import java.lang.System.Logger.Level;

/** ONNX Runtime's {@code OrtLoggingLevel}, and the {@link System.Logger} level each maps to. */
public enum LoggingLevel {
    VERBOSE(Level.TRACE), INFO(Level.DEBUG), WARNING(Level.WARNING), ERROR(Level.ERROR), FATAL(Level.ERROR);

    private final Level level;

    LoggingLevel(Level level) {
        this.level = level;
    }

    /** The System.Logger level ORT messages of this severity are logged at. */
    public Level systemLevel() {
        return level;
    }

    static LoggingLevel of(int severity) {
        LoggingLevel[] all = values();
        return all[Math.max(0, Math.min(all.length - 1, severity))];
    }
}
