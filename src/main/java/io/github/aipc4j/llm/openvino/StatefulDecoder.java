package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.openvino.CompiledModel;

/**
 * A decoder over a stateful IR (optimum-intel layout): the infer request's ReadValue/Assign variables hold the KV
 * cache, so a step feeds only the new ids, their positions, the mask over everything cached, and {@code beam_idx} 0.
 *
 * <p><b>Rewinding.</b> The OpenVINO C API has no variable-state calls (no {@code query_state}, {@code reset_state}
 * or trimming; none in the 2026.4.1 headers either), so the cache cannot be cut in place. {@link #rewind} therefore
 * replaces the native request with a fresh one (whose variables start empty, from the model's initializers) and
 * prefills it with the kept prefix of the token history in one inference. The result is the same cache as a fresh
 * decoder fed that prefix; it costs one prefill of {@code newLength} tokens, which is what the caller would pay
 * anyway if this returned false and it started over, minus a new request and buffers. If the prefill fails, the
 * decoder closes itself (its cache would match neither length) and the exception propagates.
 */
final class StatefulDecoder extends OpenVinoDecoder {
    StatefulDecoder(OpenVinoBackend backend, CompiledModel compiled, ModelSignature signature, int vocabSize,
                    int contextLength) {
        super(backend, compiled, signature, vocabSize, contextLength);
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    void beforeInfer(int past, int count) {
        // the runtime appends to its own state
    }

    @Override
    void afterInfer() {
    }

    @Override
    protected boolean rewind(int newLength) {
        ensureOpen();
        int[] kept = newLength > 0 ? tokens() : null; // tokens() still holds the old length here
        try {
            request.resetState();
            nativeRequest = request.nativeHandle();
            cached = 0;
            bindInputs();
            if (newLength > 0) {
                run(kept, 0, newLength);
            }
        } catch (RuntimeException | Error e) {
            close(); // the cache matches neither the old nor the new length: refuse any further use
            throw e;
        }
        return true;
    }

    @Override
    void closeTensors() {
    }
}
