package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_version_t;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every OpenVINO call goes through: loading the runtime (and refusing one older than 2025.1, whose element-type
 * numbering differs), the status check, and the global lock around the last-error text.
 *
 * <p>{@code ov_get_last_err_msg} is process-global: a failing call anywhere overwrites it. {@link #call} holds
 * {@link #LOCK} across the call and the read, so the text is the failing call's own. Calls that may block for long
 * ({@code infer}, {@code wait}) run through {@link #callUnlocked} instead, so that requests on other threads are not
 * serialized; if such calls fail concurrently on several threads, the text read may belong to another of them.
 */
final class Ov {
    /** Guards every call whose failure text is read, and {@code ov_core_free} (which clears that text). */
    static final ReentrantLock LOCK = new ReentrantLock();
    /** C {@code char*}/{@code void*} with unbounded reads, for C strings read in place. */
    static final AddressLayout POINTER = openvino_h.C_POINTER;

    /** The oldest runtime whose {@code ov_element_type_e} numbering matches the generated constants. */
    static final int MIN_YEAR = 2025;
    static final int MIN_RELEASE = 1;

    private static final Pattern SOURCE_LINE = Pattern.compile("Exception from \\S+:\\d+:");
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static volatile boolean loaded;

    private Ov() {
    }

    /** Loads {@code libopenvino_c} once and checks its version; later calls return at once. */
    static void load() {
        if (loaded) {
            return;
        }
        synchronized (Ov.class) {
            if (loaded) {
                return;
            }
            NativeLoader.load(RuntimeLibrary.OPENVINO);
            String build = readVersion().buildNumber();
            Matcher m = VERSION.matcher(build);
            if (m.find()) {
                int year = Integer.parseInt(m.group(1));
                int release = Integer.parseInt(m.group(2));
                if (year < MIN_YEAR || (year == MIN_YEAR && release < MIN_RELEASE)) {
                    throw new OpenVinoException(OpenVinoStatus.NOT_IMPLEMENTED, "the loaded OpenVINO runtime is "
                            + build + "; aipc4j needs " + MIN_YEAR + "." + MIN_RELEASE + " or newer (older releases "
                            + "number ov_element_type_e differently)");
                }
            }
            loaded = true;
        }
    }

    static Version readVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = ov_version_t.allocate(arena);
            call("reading the OpenVINO version", () -> openvino_h.ov_get_openvino_version(version));
            try {
                return new Version(string(ov_version_t.buildNumber(version)), string(ov_version_t.description(version)));
            } finally {
                openvino_h.ov_version_free(version);
            }
        }
    }

    /** Runs {@code call} under {@link #LOCK}; a non-OK status becomes an {@link OpenVinoException} about {@code doing}. */
    static void call(String doing, IntSupplier call) {
        LOCK.lock();
        try {
            int status = call.getAsInt();
            if (status != 0) {
                throw failure(status, doing);
            }
        } finally {
            LOCK.unlock();
        }
    }

    /** {@link #call(String, IntSupplier)} building the description only on failure (for calls made per inference). */
    static void call(Supplier<String> doing, IntSupplier call) {
        LOCK.lock();
        try {
            int status = call.getAsInt();
            if (status != 0) {
                throw failure(status, doing.get());
            }
        } finally {
            LOCK.unlock();
        }
    }

    /** Runs a long call without the lock; on failure reads the text under it (see the class comment). */
    static void callUnlocked(String doing, IntSupplier call) {
        int status = call.getAsInt();
        if (status != 0) {
            LOCK.lock();
            try {
                throw failure(status, doing);
            } finally {
                LOCK.unlock();
            }
        }
    }

    /** The exception for a failed call; must be called with {@link #LOCK} held, right after the call. */
    static OpenVinoException failure(int code, String doing) {
        OpenVinoStatus status = OpenVinoStatus.of(code);
        String info = string(openvino_h.ov_get_error_info(code)); // static text: never freed
        String detail = null;
        if (status.carriesMessage()) {
            MemorySegment text = openvino_h.ov_get_last_err_msg();
            if (!text.equals(MemorySegment.NULL)) {
                try {
                    detail = text.reinterpret(Long.MAX_VALUE).getString(0).strip();
                } finally {
                    openvino_h.ov_free(text);
                }
            }
        }
        StringBuilder message = new StringBuilder(doing).append(": ").append(status.name());
        if (status == OpenVinoStatus.UNRECOGNIZED) {
            message.append(" (status ").append(code).append(')');
        }
        if (info != null && !info.isBlank()) {
            message.append(" (").append(info).append(')');
        }
        if (detail != null && !detail.isEmpty()) {
            message.append(": ").append(readable(detail));
        }
        return new OpenVinoException(status, code, message.toString(), detail);
    }

    /** OpenVINO's text without its "Exception from src/…/file.cpp:123:" source-location lines. */
    static String readable(String detail) {
        StringBuilder s = new StringBuilder();
        for (String line : detail.split("\n")) {
            if (!SOURCE_LINE.matcher(line.strip()).matches()) {
                s.append(s.isEmpty() ? "" : "\n").append(line);
            }
        }
        return s.isEmpty() ? detail : s.toString();
    }

    /** A C string OpenVINO owns (not freed), or null for NULL. */
    static String string(MemorySegment chars) {
        return chars.equals(MemorySegment.NULL) ? null : chars.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads the {@code char*} stored at {@code out} and frees it with {@code ov_free}. */
    static String takeString(MemorySegment out) {
        MemorySegment chars = out.get(POINTER, 0);
        if (chars.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            return chars.reinterpret(Long.MAX_VALUE).getString(0);
        } finally {
            openvino_h.ov_free(chars);
        }
    }
}
