package io.github.aipc4j.loader;

import java.lang.foreign.MemorySegment;

/** Small helpers shared by hand-written downcalls. */
public final class NativeCalls {
    private NativeCalls() {
    }

    /**
     * For {@code catch (Throwable t) { throw NativeCalls.rethrow(t); }} around {@code invokeExact}: errors and
     * runtime exceptions pass through unchanged, anything else (never expected from a downcall) is wrapped.
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException e ? e : new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    /** A NUL-terminated UTF-8 string owned by native code, copied; {@code null} for a NULL pointer. */
    public static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
