package io.github.aipc4j.llm.ort;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The KV cache of a graph with plain past/present tensors (it concatenates past and new keys into present, so
 * present cannot be written over past): two buffer sets, each holding every layer's keys and values for the whole
 * context. A run reads past from the current set, viewed as {@code [1, kv_heads, past, head_size]}, and writes
 * present into the other, viewed as {@code [1, kv_heads, past + n, head_size]}; then the sets swap. The present
 * tensor of one run is the past tensor of the next, so a decode step makes one tensor per layer's keys and values
 * and no KV memory is ever reallocated.
 */
final class PingPongCache extends KvCache {
    private final DecoderGraph graph;
    private final TensorBinder binder;
    private final MemorySegment[] sets = new MemorySegment[2];
    private final long slotBytes;
    private final long positionBytes;
    private final long rowBytes;
    private final MemorySegment shape;
    private final long shapeAddress;
    private final int type;
    /** Tensors over the current set, one per KV slot, of the cached length. */
    private final long[] current;
    /** Tensors over the other set, bound as present for the run in progress; 0 when none. */
    private final long[] next;
    private int set;

    PingPongCache(DecoderGraph graph, TensorBinder binder, Arena arena) {
        this.graph = graph;
        this.binder = binder;
        int slots = 2 * graph.layers;
        positionBytes = graph.positionBytes();
        rowBytes = positionBytes / graph.kvHeads;
        slotBytes = align(graph.context * positionBytes);
        for (int i = 0; i < 2; i++) {
            sets[i] = NativeBlock.allocate(arena, slots * slotBytes, "the KV cache (" + graph.layers + " layers, context "
                    + graph.context + ")");
        }
        shape = arena.allocate(ValueLayout.JAVA_LONG, 4);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 0, 1);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 1, graph.kvHeads);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 3, graph.headSize);
        shapeAddress = shape.address();
        type = graph.kvType.onnxValue();
        current = new long[slots];
        next = new long[slots];
        wrap(current, 0, 0);
    }

    static long align(long bytes) {
        return (bytes + 63) & -64L;
    }

    /** Tensors over every slot of buffer set {@code s}, {@code length} positions long. */
    private void wrap(long[] into, int s, int length) {
        shape.setAtIndex(ValueLayout.JAVA_LONG, 2, length);
        long base = sets[s].address();
        long bytes = length * positionBytes;
        try {
            for (int i = 0; i < into.length; i++) {
                into[i] = binder.tensor(base + i * slotBytes, bytes, shapeAddress, 4, type);
            }
        } catch (RuntimeException e) {
            releaseAll(into);
            throw e;
        }
    }

    private static void releaseAll(long[] values) {
        for (int i = 0; i < values.length; i++) {
            TensorBinder.release(values[i]);
            values[i] = 0;
        }
    }

    @Override
    void bind(int past, int count) {
        wrap(next, 1 - set, past + count);
        for (int i = 0; i < current.length; i++) {
            binder.input(graph.pastNative[i], current[i], graph.pastNames[i]);
            binder.output(graph.presentNative[i], next[i], graph.presentNames[i]);
        }
    }

    @Override
    void commit() {
        for (int i = 0; i < current.length; i++) {
            TensorBinder.release(current[i]);
            current[i] = next[i];
            next[i] = 0;
        }
        set = 1 - set;
    }

    @Override
    void abandon() {
        releaseAll(next);
    }

    /**
     * Head {@code h}'s positions start at {@code h * length} rows in a {@code [1, kv_heads, length, head_size]}
     * tensor, so a shorter cache is not a prefix of the longer one (unless there is one KV head): each head's first
     * {@code newLength} rows move to {@code h * newLength}. In place, in head order: every head moves towards the
     * start, never over a head not yet moved.
     */
    @Override
    void rewind(int length, int newLength) {
        MemorySegment memory = sets[set];
        long keep = newLength * rowBytes;
        for (int i = 0; i < current.length; i++) {
            long slot = i * slotBytes;
            for (int h = 1; h < graph.kvHeads; h++) {
                MemorySegment.copy(memory, slot + h * length * rowBytes, memory, slot + h * keep, keep);
            }
        }
        releaseAll(current);
        wrap(current, set, newLength);
    }

    @Override
    void release() {
        releaseAll(next);
        releaseAll(current);
    }
}
