package io.github.aipc4j.llm.ort;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The KV cache of a graph whose attention writes new keys and values into the past buffer in place
 * ({@code past_present_share_buffer}: GroupQueryAttention, as GenAI's model builder emits it): one buffer per layer's
 * keys and values, {@code [1, kv_heads, context, head_size]}, bound once as both past input and present output. The
 * attention finds the cached length from the attention mask, so a run binds nothing here, and rewinding is only the
 * shorter mask of the next run.
 */
final class SharedCache extends KvCache {
    SharedCache(DecoderGraph graph, TensorBinder binder, Arena arena) {
        int slots = 2 * graph.layers;
        long bytes = graph.context * graph.positionBytes();
        long slotBytes = PingPongCache.align(bytes);
        MemorySegment memory = NativeBlock.allocate(arena, slots * slotBytes, "the KV cache (" + graph.layers
                + " layers, context " + graph.context + ")");
        MemorySegment shape = arena.allocate(ValueLayout.JAVA_LONG, 4);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 0, 1);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 1, graph.kvHeads);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 2, graph.context);
        shape.setAtIndex(ValueLayout.JAVA_LONG, 3, graph.headSize);
        for (int i = 0; i < slots; i++) {
            long value = binder.tensor(memory.address() + i * slotBytes, bytes, shape.address(), 4, graph.kvType.onnxValue());
            try {
                binder.input(graph.pastNative[i], value, graph.pastNames[i]);
                binder.output(graph.presentNative[i], value, graph.presentNames[i]);
            } finally {
                TensorBinder.release(value);
            }
        }
    }

    @Override
    void bind(int past, int count) {
    }

    @Override
    void commit() {
    }

    @Override
    void abandon() {
    }

    @Override
    void rewind(int length, int newLength) {
    }

    @Override
    void release() {
    }
}
