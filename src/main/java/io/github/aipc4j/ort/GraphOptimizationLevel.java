package io.github.aipc4j.ort;

/** {@code GraphOptimizationLevel}. */
public enum GraphOptimizationLevel {
    DISABLE_ALL(0), BASIC(1), EXTENDED(2), LAYOUT(3), ALL(99);

    final int value;

    GraphOptimizationLevel(int value) {
        this.value = value;
    }
}
