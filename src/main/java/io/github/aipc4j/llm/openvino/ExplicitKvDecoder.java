package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.openvino.CompiledModel;
import io.github.aipc4j.openvino.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A decoder over a model with explicit {@code past_key_values.N.key/value} inputs and {@code present.N.key/value}
 * outputs (the model factory's ONNX, an optimum {@code --disable-stateful} export), whose cache the decoder owns.
 *
 * <p><b>Buffers.</b> Each KV slot (layer × key/value) has two native buffers sized for the whole context,
 * [1, heads, context, size]. A step reads the past from one (its tensor narrowed to [1, heads, past, size]) and binds
 * the other as the present output ([1, heads, past + new, size]), so OpenVINO writes the grown cache straight into
 * Java-owned memory; the next step swaps their roles. Nothing is copied by Java and nothing is allocated per token;
 * the price is two buffers per slot. The present of a step is packed ({@code heads} runs of {@code past + new}
 * positions), which is exactly the layout the next step's past tensor describes.
 *
 * <p><b>Rewinding</b> is in place: the cache keeps the first {@code newLength} positions of every head, moved
 * together so that the buffer is packed for the shorter length.
 */
final class ExplicitKvDecoder extends OpenVinoDecoder {
    /** Per slot: the port indices of its past input and present output. */
    private final int[] pastInputs;
    private final int[] presentOutputs;
    private final int heads;
    private final int size;
    private final long elementBytes;
    /** [buffer 0|1][slot]: the buffers, their tensors and the tensors' native handles. */
    private final MemorySegment[][] buffers;
    private final Tensor[][] tensors;
    private final MemorySegment[][] handles;
    /** The buffer holding the cache (the past of the next step). */
    private int current;

    ExplicitKvDecoder(OpenVinoBackend backend, CompiledModel compiled, ModelSignature signature, int vocabSize,
                      int contextLength) {
        super(backend, compiled, signature, vocabSize, contextLength);
        List<ModelSignature.KvSlot> slots = signature.kvSlots();
        pastInputs = slots.stream().mapToInt(ModelSignature.KvSlot::pastInput).toArray();
        presentOutputs = slots.stream().mapToInt(ModelSignature.KvSlot::presentOutput).toArray();
        heads = signature.kvHeads();
        size = signature.headSize();
        ElementType type = signature.kvType();
        elementBytes = type.byteSize(1);
        int n = slots.size();
        buffers = new MemorySegment[2][n];
        tensors = new Tensor[2][n];
        handles = new MemorySegment[2][n];
        try {
            long bytes = type.byteSize((long) heads * contextLength * size);
            for (int b = 0; b < 2; b++) {
                for (int s = 0; s < n; s++) {
                    buffers[b][s] = arena.allocate(bytes, 64);
                    tensors[b][s] = Tensor.wrap(buffers[b][s], type, 1, heads, contextLength, size);
                    handles[b][s] = tensors[b][s].nativeHandle();
                }
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    void beforeInfer(int past, int count) {
        MemorySegment[] from = handles[current];
        MemorySegment[] to = handles[1 - current];
        for (int s = 0; s < from.length; s++) {
            setKvShape(from[s], heads, past, size);
            setKvShape(to[s], heads, past + count, size);
            setInput(pastInputs[s], from[s]);
            setOutput(presentOutputs[s], to[s]);
        }
    }

    @Override
    void afterInfer() {
        current = 1 - current;
    }

    @Override
    protected boolean rewind(int newLength) {
        ensureOpen();
        long run = (long) newLength * size * elementBytes;
        long stride = (long) cached * size * elementBytes;
        for (MemorySegment buffer : buffers[current]) {
            for (int h = 1; h < heads; h++) { // head 0 stays where it is
                MemorySegment.copy(buffer, h * stride, buffer, h * run, run);
            }
        }
        cached = newLength;
        return true;
    }

    @Override
    void closeTensors() {
        for (Tensor[] row : tensors) {
            for (Tensor t : row) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
