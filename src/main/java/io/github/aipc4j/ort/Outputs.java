package io.github.aipc4j.ort;

import java.util.Iterator;
import java.util.List;

/**
 * The tensors a run produced, in the order their names were asked for. Closing it closes every tensor in it;
 * to keep one longer, use it before closing the rest, or close the tensors individually instead.
 */
public final class Outputs implements AutoCloseable, Iterable<Tensor> {
    private final List<String> names;
    private final List<Tensor> tensors;

    Outputs(List<String> names, List<Tensor> tensors) {
        this.names = List.copyOf(names);
        this.tensors = List.copyOf(tensors);
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return tensors.size();
    }

    public Tensor get(int index) {
        return tensors.get(index);
    }

    /** The output called {@code name}; an unknown name is an {@link IllegalArgumentException} listing the names. */
    public Tensor get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no output named '" + name + "'; the outputs are " + names);
        }
        return tensors.get(i);
    }

    @Override
    public Iterator<Tensor> iterator() {
        return tensors.iterator();
    }

    @Override
    public void close() {
        tensors.forEach(Tensor::close);
    }
}
