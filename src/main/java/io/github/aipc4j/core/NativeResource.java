package io.github.aipc4j.core;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One native object with one owner and one close. {@link #close()} is idempotent; any use after close throws
 * {@link IllegalStateException} and never reaches native code. No finalizer: an unclosed object leaks until exit.
 *
 * <p>Closing while another thread is using the object is the caller's error (as for any native handle); the
 * subclasses document which of their methods may run concurrently with each other.
 */
public abstract class NativeResource implements AutoCloseable {
    private final MemorySegment handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected NativeResource(MemorySegment handle) {
        if (handle == null || handle.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the native handle is NULL");
        }
        this.handle = handle;
    }

    /** The native pointer; throws if this object was closed. */
    protected final MemorySegment handle() {
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        return handle;
    }

    public final boolean isClosed() {
        return closed.get();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            release(handle);
        }
    }

    /** Frees the native object; called exactly once. */
    protected abstract void release(MemorySegment handle);
}
