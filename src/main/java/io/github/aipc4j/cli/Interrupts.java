package io.github.aipc4j.cli;

import io.github.aipc4j.llm.Generation;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) while an answer is being generated cancels that answer; at any other time it ends the program
 * as usual, except in an interactive chat, where it only says how to quit. The JDK has no public API for signals; {@code sun.misc.Signal} (module jdk.unsupported) is the one
 * every JVM offers.
 */
final class Interrupts {
    private static final AtomicReference<Generation> CURRENT = new AtomicReference<>();
    private static volatile boolean installed;
    private static volatile Runnable whenIdle = () -> Runtime.getRuntime().halt(130);

    private Interrupts() {
    }

    /** Routes Ctrl-C to {@code generation} until {@link #clear()}. */
    static void cancelOnInterrupt(Generation generation) {
        install();
        CURRENT.set(generation);
    }

    /** What Ctrl-C does while no answer is being generated (by default: exit with status 130). */
    static void whenIdle(Runnable action) {
        install();
        whenIdle = action;
    }

    static void clear() {
        CURRENT.set(null);
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Signal.handle(new Signal("INT"), signal -> {
                Generation generation = CURRENT.getAndSet(null);
                if (generation != null) {
                    generation.cancel();
                } else {
                    whenIdle.run();
                }
            });
            installed = true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No SIGINT here (or the JVM was started with -Xrs): Ctrl-C keeps its default meaning.
            installed = true;
        }
    }
}
