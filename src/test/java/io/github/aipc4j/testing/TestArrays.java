package io.github.aipc4j.testing;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small array helpers the runtime agreement tests share: model inputs and logits comparisons. */
public final class TestArrays {
    private TestArrays() {
    }

    public static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    /** An attention mask of {@code n} ones. */
    public static long[] ones(int n) {
        long[] result = new long[n];
        Arrays.fill(result, 1);
        return result;
    }

    /** Position ids {@code from, from + 1, …} ({@code n} of them). */
    public static long[] positions(int from, int n) {
        long[] result = new long[n];
        for (int i = 0; i < n; i++) {
            result[i] = from + i;
        }
        return result;
    }

    /** The largest absolute difference between two rows of the same width. */
    public static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "row widths");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
