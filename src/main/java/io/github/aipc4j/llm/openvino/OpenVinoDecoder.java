package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_shape_t;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.llm.spi.LogitsDecoder;
import io.github.aipc4j.openvino.CompiledModel;
import io.github.aipc4j.openvino.InferRequest;
import io.github.aipc4j.openvino.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The OpenVINO engine's KV cache and step: one infer request of the backend's compiled model, driven from Java.
 *
 * <p>{@code input_ids}, {@code position_ids} and {@code attention_mask} are tensors over Java-owned native buffers
 * sized once for the whole context; a step writes the new ids and positions at the start of their buffers and
 * narrows each tensor to the step's prefix with {@code ov_tensor_set_shape} (OpenVINO lets a tensor over caller
 * memory take any shape that fits that memory), so no tensor is made per token. The mask buffer holds ones for the
 * whole context; a step only sets its shape to [1, cached + new]. {@code beam_idx}, where the model has it, is a
 * single zero bound once. The logits are read in place from the request's output tensor (the last position's row).
 *
 * <p>Steady-state decoding allocates nothing on the Java heap: every call per step goes straight through the
 * generated bindings with arguments kept in fields, and the logits row segment is made again only when OpenVINO
 * moves its output buffer.
 *
 * <p>Two kinds, chosen from the model's inputs: {@link StatefulDecoder} (the runtime holds the cache) and
 * {@link ExplicitKvDecoder} (past/present tensors the decoder owns). Not thread-safe; use one thread at a time. Using
 * it after {@link #close()} (or after its backend was closed) throws {@link IllegalStateException}.
 */
public abstract sealed class OpenVinoDecoder extends LogitsDecoder permits StatefulDecoder, ExplicitKvDecoder {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;

    final ModelSignature signature;
    final int vocabSize;
    final int contextLength;
    final InferRequest request;
    /** The native request; replaced when a stateful decoder restarts its state. */
    MemorySegment nativeRequest;
    final Arena arena;
    /** Tokens whose keys and values the cache holds (what the model has seen). */
    int cached;

    private final OpenVinoBackend backend;
    private final Tensor ids;
    private final Tensor positions;
    private final Tensor mask;
    private final Tensor beam;
    private final MemorySegment idsData;
    private final MemorySegment positionsData;
    private final MemorySegment idsTensor;
    private final MemorySegment positionsTensor;
    private final MemorySegment maskTensor;
    private final boolean ids64;
    private final boolean positions64;
    /** An {@code ov_shape_t} whose dims point at {@link #dims}: rewritten for every set_shape call. */
    private final MemorySegment shape;
    private final MemorySegment dims;
    /** Out-parameters of the logits read: tensor pointer, data pointer, byte size. */
    private final MemorySegment outTensor;
    private final MemorySegment outData;
    private final MemorySegment outSize;
    private int lastCount = -1;
    private long rowAddress;
    private MemorySegment row = MemorySegment.NULL;
    private volatile boolean closed;

    OpenVinoDecoder(OpenVinoBackend backend, CompiledModel compiled, ModelSignature signature, int vocabSize,
                    int contextLength) {
        super(vocabSize, contextLength);
        this.backend = backend;
        this.signature = signature;
        this.vocabSize = vocabSize;
        this.contextLength = contextLength;
        this.arena = Arena.ofShared(); // a generation may run on another thread than the one that made the decoder
        InferRequest made = null;
        try {
            made = compiled.createInferRequest();
            ids64 = signature.idsType() == ElementType.INT64;
            idsData = arena.allocate(8L * contextLength, 8);
            ids = Tensor.wrap(idsData, signature.idsType(), 1, contextLength);
            if (signature.positionIds() >= 0) {
                positions64 = signature.positionsType() == ElementType.INT64;
                positionsData = arena.allocate(8L * contextLength, 8);
                positions = Tensor.wrap(positionsData, signature.positionsType(), 1, contextLength);
            } else {
                positions64 = false;
                positionsData = null;
                positions = null;
            }
            if (signature.attentionMask() >= 0) {
                boolean mask64 = signature.maskType() == ElementType.INT64;
                MemorySegment ones = arena.allocate(8L * contextLength, 8);
                for (int i = 0; i < contextLength; i++) {
                    if (mask64) {
                        ones.setAtIndex(LONG, i, 1L);
                    } else {
                        ones.setAtIndex(ValueLayout.JAVA_INT, i, 1);
                    }
                }
                mask = Tensor.wrap(ones, signature.maskType(), 1, contextLength);
            } else {
                mask = null;
            }
            if (signature.beamIdx() >= 0) {
                MemorySegment zero = arena.allocate(ValueLayout.JAVA_INT); // zeroed: the only beam is row 0
                beam = Tensor.wrap(zero, ElementType.INT32, 1);
            } else {
                beam = null;
            }
            idsTensor = ids.nativeHandle();
            positionsTensor = positions == null ? null : positions.nativeHandle();
            maskTensor = mask == null ? null : mask.nativeHandle();
            dims = arena.allocate(LONG, 4);
            shape = ov_shape_t.allocate(arena);
            ov_shape_t.dims(shape, dims);
            outTensor = arena.allocate(LONG);
            outData = arena.allocate(LONG);
            outSize = arena.allocate(LONG);
            request = made;
            nativeRequest = made.nativeHandle();
            bindInputs();
        } catch (RuntimeException | Error e) {
            if (made != null) {
                made.close();
            }
            arena.close();
            throw e;
        }
    }

    /** Binds the step tensors to the native request (again after the request was replaced). */
    final void bindInputs() {
        setInput(signature.inputIds(), idsTensor);
        if (positionsTensor != null) {
            setInput(signature.positionIds(), positionsTensor);
        }
        if (maskTensor != null) {
            setInput(signature.attentionMask(), maskTensor);
        }
        if (beam != null) {
            setInput(signature.beamIdx(), beam.nativeHandle());
        }
        lastCount = -1;
    }

    final void setInput(int index, MemorySegment tensor) {
        OvCalls.check(openvino_h.ov_infer_request_set_input_tensor_by_index(nativeRequest, index, tensor),
                "binding an input of the OpenVINO decoder");
    }

    final void setOutput(int index, MemorySegment tensor) {
        OvCalls.check(openvino_h.ov_infer_request_set_output_tensor_by_index(nativeRequest, index, tensor),
                "binding an output of the OpenVINO decoder");
    }

    /** Narrows {@code tensor} (over a buffer sized for the whole context) to {@code [1, length]}. */
    final void setShape(MemorySegment tensor, long length) {
        ov_shape_t.rank(shape, 2);
        dims.setAtIndex(LONG, 0, 1);
        dims.setAtIndex(LONG, 1, length);
        OvCalls.check(openvino_h.ov_tensor_set_shape(tensor, shape), "resizing an input of the OpenVINO decoder");
    }

    /** Sets a KV tensor's shape to {@code [1, heads, positions, size]}. */
    final void setKvShape(MemorySegment tensor, long heads, long positions, long size) {
        ov_shape_t.rank(shape, 4);
        dims.setAtIndex(LONG, 0, 1);
        dims.setAtIndex(LONG, 1, heads);
        dims.setAtIndex(LONG, 2, positions);
        dims.setAtIndex(LONG, 3, size);
        OvCalls.check(openvino_h.ov_tensor_set_shape(tensor, shape), "resizing a KV tensor of the OpenVINO decoder");
    }

    @Override
    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the OpenVINO decoder is closed");
        }
        backend.ensureOpen();
    }

    @Override
    protected final MemorySegment forward(int[] tokens, int from, int count) {
        ensureOpen();
        if (cached != length()) { // never expected: the cache and the token history must move together
            throw new IllegalStateException("the OpenVINO cache holds " + cached + " tokens, the history " + length());
        }
        return run(tokens, from, count);
    }

    /** One inference over {@code tokens[from, from + count)} at positions {@code [cached, cached + count)}. */
    final MemorySegment run(int[] tokens, int from, int count) {
        if (cached + count > contextLength) {
            throw new IllegalStateException("the context holds " + contextLength + " tokens; " + cached
                    + " are cached and " + count + " more were fed");
        }
        int past = cached;
        for (int i = 0; i < count; i++) {
            int token = tokens[from + i];
            if (token < 0 || token >= vocabSize) {
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary [0, "
                        + vocabSize + ")");
            }
            if (ids64) {
                idsData.setAtIndex(LONG, i, token);
            } else {
                idsData.setAtIndex(ValueLayout.JAVA_INT, i, token);
            }
            if (positionsData != null) {
                if (positions64) {
                    positionsData.setAtIndex(LONG, i, past + i);
                } else {
                    positionsData.setAtIndex(ValueLayout.JAVA_INT, i, past + i);
                }
            }
        }
        if (count != lastCount) {
            setShape(idsTensor, count);
            if (positionsTensor != null) {
                setShape(positionsTensor, count);
            }
            lastCount = count;
        }
        if (maskTensor != null) {
            setShape(maskTensor, past + count);
        }
        beforeInfer(past, count);
        // start + wait rather than infer: OpenVINO's CPU plugin runs an asynchronous request on its stream's own
        // (pinned) thread and a synchronous one on the caller's; the former decoded ~8 % faster on the bench preset
        // on a shared 2-core machine (same process, alternating), the latter was never faster. GenAI's LLMPipeline
        // decodes the same way.
        OvCalls.check(openvino_h.ov_infer_request_start_async(nativeRequest), "starting the OpenVINO decoder");
        OvCalls.check(openvino_h.ov_infer_request_wait(nativeRequest), "running the OpenVINO decoder");
        afterInfer();
        cached = past + count;
        return lastRow();
    }

    /** Binds whatever else the step needs (the explicit KV tensors). */
    abstract void beforeInfer(int past, int count);

    /** Bookkeeping after a successful inference. */
    abstract void afterInfer();

    /** The last position's logits, in the request's output tensor. */
    private MemorySegment lastRow() {
        OvCalls.check(openvino_h.ov_infer_request_get_output_tensor_by_index(nativeRequest, signature.logits(),
                outTensor), "reading the logits");
        long tensor = outTensor.get(LONG, 0);
        try {
            OvCalls.check(TensorCalls.data(tensor, outData), "reading the logits");
            OvCalls.check(TensorCalls.byteSize(tensor, outSize), "reading the logits");
        } finally {
            TensorCalls.free(tensor); // the request keeps its own reference to the tensor and its memory
        }
        long data = outData.get(LONG, 0);
        long bytes = outSize.get(LONG, 0);
        long rowBytes = 4L * vocabSize;
        if (bytes < rowBytes || bytes % rowBytes != 0) {
            throw new IllegalStateException("the logits output holds " + bytes + " bytes, not whole rows of "
                    + vocabSize + " float32 values");
        }
        long address = data + bytes - rowBytes;
        if (address != rowAddress) {
            row = MemorySegment.ofAddress(address).reinterpret(rowBytes);
            rowAddress = address;
        }
        return row;
    }

    /** Whether the runtime holds this decoder's cache (a stateful IR) rather than tensors the decoder owns. */
    public abstract boolean stateful();

    /** Tokens the model has seen (equals {@link #length()} between calls). */
    final int cachedTokens() {
        return cached;
    }

    /** Frees the request and the buffers. Idempotent. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        backend.forget(this);
        request.close();
        closeTensors();
        ids.close();
        if (positions != null) {
            positions.close();
        }
        if (mask != null) {
            mask.close();
        }
        if (beam != null) {
            beam.close();
        }
        row = MemorySegment.NULL;
        arena.close();
    }

    /** Closes the subclass's tensors (before the arena they wrap is freed). */
    abstract void closeTensors();
}
