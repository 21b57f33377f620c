package io.github.aipc4j.ort;

/** A model input, output or overridable initializer: its name and tensor type. */
public record NodeInfo(String name, TensorInfo info) {
    @Override
    public String toString() {
        return name + ": " + info;
    }
}
