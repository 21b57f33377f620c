package io.github.aipc4j.genai;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a native call on a thread with a large stack. GenAI 0.15.2's model creation matches a {@code std::regex}
 * against a string as long as the process's command line; libstdc++'s regex executor recurses once per character,
 * so a Java command line of a few KB (a long {@code -cp}, as IDEs and {@code java -cp $(...)} scripts make)
 * overflows a Java thread's default 1 MB stack and kills the JVM with SIGSEGV, before any Java handler can run.
 * 64 MB of stack is reserved, not committed, so the cost is one short-lived thread per model load.
 */
final class LargeStack {
    static final long STACK_BYTES = 64L << 20;

    private LargeStack() {
    }

    static <T> T call(String name, Supplier<T> call) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).stackSize(STACK_BYTES).unstarted(() -> {
            try {
                result.set(call.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the native call cannot be abandoned half-way; finish it, then re-interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("creating the model failed: " + t, t);
        }
        return result.get();
    }
}
