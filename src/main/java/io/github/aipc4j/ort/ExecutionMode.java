package io.github.aipc4j.ort;

/** {@code ExecutionMode}: operators one after another, or independent branches in parallel (inter-op threads). */
public enum ExecutionMode {
    SEQUENTIAL, PARALLEL
}
