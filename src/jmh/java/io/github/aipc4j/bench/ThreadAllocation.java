package io.github.aipc4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;

/**
 * What the benchmark thread itself allocated on the Java heap, and the tokens it decoded meanwhile: JMH sums
 * {@link AuxCounters.Type#EVENTS} counters over the measured iterations, so bytes per token is
 * {@code threadBytes / tokens}. Unlike {@code gc.alloc.rate.norm} (every JVM thread), JMH's own background
 * allocation does not count, which matters at a few operations per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    public long threadBytes;
    public long tokens;

    @Setup(Level.Iteration)
    public void reset() {
        threadBytes = 0;
        tokens = 0;
    }

    static long now() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    void add(long start, int decodedTokens) {
        threadBytes += now() - start;
        tokens += decodedTokens;
    }
}
