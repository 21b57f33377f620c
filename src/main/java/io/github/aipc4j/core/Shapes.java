package io.github.aipc4j.core;

import java.util.Arrays;

/** Tensor shape arithmetic shared by the runtimes' tensor types. */
public final class Shapes {
    private Shapes() {
    }

    /** The number of elements of {@code shape} (1 for a scalar); negative dimensions and overflow are refused. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
