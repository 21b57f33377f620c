package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * An {@code OgaGenerator}: GenAI's token loop for one conversation (its KV cache and search state).
 * <ul>
 *   <li>One thread at a time: a call while another thread is inside this generator throws
 *       {@link IllegalStateException} instead of corrupting it (GenAI is not thread-safe).</li>
 *   <li>{@link #terminate()} may be called from another thread; afterwards every call throws
 *       {@link GenAIException}, and none reaches the GenAI functions that would throw through native frames.</li>
 *   <li>Tensors given as model inputs are checked before every step that runs the model.</li>
 * </ul>
 */
public final class Generator extends GenAiResource {
    private final ReentrantLock inUse = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment tokensOut = arena.allocate(Oga.POINTER);
    private final MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
    private final List<Tensor> inputs = new ArrayList<>();
    private volatile boolean terminated;
    private final int batchSize;

    private Generator(MemorySegment handle, int batchSize) {
        super(handle);
        this.batchSize = batchSize;
    }

    public static Generator create(Model model, GeneratorParams params) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment out = scratch.allocate(Oga.POINTER);
            Oga.check(OgaCreateGenerator(model.pointer(), params.pointer(), out), "creating the generator");
            // sequence indices are checked in Java: GenAI's sequence getters have no bounds check
            return new Generator(out.get(Oga.POINTER, 0), (int) params.number("batch_size"));
        }
    }

    private <T> T exclusive(Supplier<T> call) {
        if (!inUse.tryLock()) {
            throw new IllegalStateException("this Generator is in use by another thread: one thread at a time");
        }
        try {
            MemorySegment g = handle();
            if (terminated || OgaGenerator_IsSessionTerminated(g)) {
                throw new GenAIException("the generator was terminated");
            }
            return call.get();
        } finally {
            inUse.unlock();
        }
    }

    private void checkInputs() {
        for (Tensor t : inputs) {
            if (!t.memoryAlive()) {
                throw new IllegalStateException("a tensor given to this generator as a model input wraps memory that "
                        + "has been freed; GenAI would read it on the next step");
            }
        }
    }

    /** Appends prompt (or continuation) tokens; GenAI runs the model on them right away. */
    public void appendTokens(int... tokens) {
        exclusive(() -> {
            checkInputs();
            if (tokens.length == 0) {
                throw new IllegalArgumentException("no tokens to append");
            }
            try (Arena scratch = Arena.ofConfined()) {
                Oga.check(OgaGenerator_AppendTokens(handle(), scratch.allocateFrom(ValueLayout.JAVA_INT, tokens), tokens.length),
                        "appending " + tokens.length + " tokens");
            }
            return null;
        });
    }

    /** True once every sequence ended (EOS or max_length). */
    public boolean isDone() {
        return exclusive(() -> OgaGenerator_IsDone(handle()));
    }

    /** Runs the model on the last token if needed and chooses the next one. */
    public void generateNextToken() {
        exclusive(() -> {
            checkInputs();
            Oga.check(OgaGenerator_GenerateNextToken(handle()), "generating the next token");
            return null;
        });
    }

    /** The tokens chosen by the last {@link #generateNextToken()}, one per sequence. */
    public int[] nextTokens() {
        return exclusive(() -> {
            Oga.check(OgaGenerator_GetNextTokens(handle(), tokensOut, countOut), "reading the next tokens");
            long n = countOut.get(ValueLayout.JAVA_LONG, 0);
            return tokensOut.get(Oga.POINTER, 0).reinterpret(4 * n).toArray(ValueLayout.JAVA_INT);
        });
    }

    /** The first sequence's newest token, without allocating an array (the common batch-1 case). */
    public int nextToken() {
        return exclusive(() -> {
            Oga.check(OgaGenerator_GetNextTokens(handle(), tokensOut, countOut), "reading the next token");
            return tokensOut.get(Oga.POINTER, 0).reinterpret(4).get(ValueLayout.JAVA_INT, 0);
        });
    }

    /** Tokens in the first sequence so far, prompt included. */
    public long tokenCount() {
        Oga.require("OgaGenerator_TokenCount", "0.12.0");
        return exclusive(() -> OgaGenerator_TokenCount(handle()));
    }

    /** The whole sequence {@code index} (prompt and generated tokens). */
    public int[] sequence(int index) {
        return exclusive(() -> {
            if (index < 0 || index >= batchSize) {
                throw new IndexOutOfBoundsException("sequence " + index + " of a batch of " + batchSize);
            }
            long n = OgaGenerator_GetSequenceCount(handle(), index);
            MemorySegment data = OgaGenerator_GetSequenceData(handle(), index);
            if (data.address() == 0) {
                throw new IndexOutOfBoundsException("no sequence " + index);
            }
            return data.reinterpret(4 * n).toArray(ValueLayout.JAVA_INT);
        });
    }

    /** Drops tokens after the first {@code length} (e.g. to retry a turn); not with beam search. */
    public void rewindTo(long length) {
        exclusive(() -> {
            Oga.check(OgaGenerator_RewindTo(handle(), length), "rewinding to " + length + " tokens");
            return null;
        });
    }

    /** The last token's logits (a copy), [batch, 1, vocab] float32. */
    public float[] logits() {
        return exclusive(() -> {
            checkInputs();
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment out = scratch.allocate(Oga.POINTER);
                Oga.check(OgaGenerator_GetLogits(handle(), out), "reading logits");
                try (Tensor t = Tensor.adopt(out.get(Oga.POINTER, 0))) {
                    return t.data().toArray(ValueLayout.JAVA_FLOAT);
                }
            }
        });
    }

    /** Replaces the last token's logits (same size as {@link #logits()}), e.g. for a custom sampler's masking. */
    public void setLogits(float[] logits) {
        exclusive(() -> {
            try (Arena scratch = Arena.ofConfined();
                 Tensor t = Tensor.wrap(scratch.allocateFrom(ValueLayout.JAVA_FLOAT, logits),
                         io.github.aipc4j.core.ElementType.FLOAT32, 1, 1, logits.length)) {
                Oga.check(OgaGenerator_SetLogits(handle(), t.pointer()), "setting logits");
            }
            return null;
        });
    }

    /** Gives the model an extra input (e.g. for LoRA or multimodal graphs); GenAI keeps the tensor. */
    public void setModelInput(String name, Tensor tensor) {
        exclusive(() -> {
            tensor.checkAlive();
            try (Arena scratch = Arena.ofConfined()) {
                Oga.check(OgaGenerator_SetModelInput(handle(), scratch.allocateFrom(name), tensor.pointer()), "model input " + name);
            }
            inputs.add(tensor);
            return null;
        });
    }

    /** A copy of a model output of the last run, by name (e.g. {@code present.0.key}). */
    public Tensor output(String name) {
        return exclusive(() -> {
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment out = scratch.allocate(Oga.POINTER);
                Oga.check(OgaGenerator_GetOutput(handle(), scratch.allocateFrom(name), out), "output " + name);
                return Tensor.adopt(out.get(Oga.POINTER, 0));
            }
        });
    }

    /** Activates a loaded LoRA adapter for this generator. */
    public void activateAdapter(Adapters adapters, String name) {
        exclusive(() -> {
            try (Arena scratch = Arena.ofConfined()) {
                Oga.check(OgaSetActiveAdapter(handle(), adapters.pointer(), scratch.allocateFrom(name)), "adapter " + name);
            }
            return null;
        });
    }

    /**
     * Stops the generator from any thread: a step in progress ends early, and every later call throws
     * {@link GenAIException}.
     */
    public void terminate() {
        terminated = true;
        try (Arena scratch = Arena.ofConfined()) {
            Oga.check(OgaGenerator_SetRuntimeOption(handle(), scratch.allocateFrom("terminate_session"),
                    scratch.allocateFrom("1")), "terminating");
        }
    }

    @Override
    void destroy(MemorySegment handle) {
        inUse.lock(); // a call in progress on another thread finishes first (terminate() first to make it quick)
        try {
            OgaDestroyGenerator(handle);
            arena.close();
        } finally {
            inUse.unlock();
        }
    }
}
