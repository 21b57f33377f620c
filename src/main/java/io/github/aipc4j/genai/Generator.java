package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
    /** Reads native memory GenAI lends at an address, without a segment object per read. */
    private static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /*
     * The per-token calls, bound with the OgaResult* returned as a plain address: the generated bindings wrap it in a
     * MemorySegment, an allocation per call until C2's escape analysis removes it (thousands of tokens later).
     */
    private static final MethodHandle GENERATE_NEXT_TOKEN = Linker.nativeLinker().downcallHandle(
            OgaGenerator_GenerateNextToken$address(), FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle GET_NEXT_TOKENS = Linker.nativeLinker().downcallHandle(
            OgaGenerator_GetNextTokens$address(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private final ReentrantLock inUse = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment tokensOut = arena.allocate(Oga.POINTER);
    private final MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
    private final List<Tensor> inputs = new ArrayList<>();
    private Arena tokenArena;
    private MemorySegment tokenBuffer = MemorySegment.NULL;
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
        enter();
        try {
            return call.get();
        } finally {
            inUse.unlock();
        }
    }

    /**
     * Takes the generator for the calling thread and returns its handle (release with {@code inUse.unlock()}).
     * The hot per-token methods use this pair instead of {@link #exclusive} so that no lambda is allocated.
     */
    private MemorySegment enter() {
        if (!inUse.tryLock()) {
            throw new IllegalStateException("this Generator is in use by another thread: one thread at a time");
        }
        try {
            MemorySegment g = handle();
            if (terminated || OgaGenerator_IsSessionTerminated(g)) {
                throw new GenAIException("the generator was terminated");
            }
            return g;
        } catch (RuntimeException e) {
            inUse.unlock();
            throw e;
        }
    }

    private void checkInputs() {
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).memoryAlive()) {
                throw new IllegalStateException("a tensor given to this generator as a model input wraps memory that "
                        + "has been freed; GenAI would read it on the next step");
            }
        }
    }

    /** Appends prompt (or continuation) tokens; GenAI runs the model on them right away. */
    public void appendTokens(int... tokens) {
        appendTokens(tokens, 0, tokens.length);
    }

    /**
     * Appends {@code tokens[from, from + count)}; GenAI runs the model on them right away. The ids pass through a
     * native buffer the generator keeps (GenAI copies them), so a call allocates nothing once the buffer is large
     * enough.
     */
    public void appendTokens(int[] tokens, int from, int count) {
        java.util.Objects.checkFromIndexSize(from, count, tokens.length);
        if (count == 0) {
            throw new IllegalArgumentException("no tokens to append");
        }
        MemorySegment g = enter();
        try {
            checkInputs();
            MemorySegment buffer = tokenBuffer(count);
            MemorySegment.copy(tokens, from, buffer, ValueLayout.JAVA_INT, 0, count);
            Oga.check(OgaGenerator_AppendTokens(g, buffer, count), "appending tokens");
        } finally {
            inUse.unlock();
        }
    }

    /** The reusable input buffer, grown (doubling) when {@code count} ids do not fit; called holding the lock. */
    private MemorySegment tokenBuffer(int count) {
        if (tokenBuffer.byteSize() < 4L * count) {
            long capacity = Math.max(4L * count, 2 * tokenBuffer.byteSize());
            Arena grown = Arena.ofShared();
            MemorySegment segment = grown.allocate(capacity, 4);
            if (tokenArena != null) {
                tokenArena.close();
            }
            tokenArena = grown;
            tokenBuffer = segment;
        }
        return tokenBuffer;
    }

    /** True once every sequence ended (EOS or max_length). */
    public boolean isDone() {
        return exclusive(() -> OgaGenerator_IsDone(handle()));
    }

    /** Runs the model on the last token if needed and chooses the next one. */
    public void generateNextToken() {
        MemorySegment g = enter();
        try {
            checkInputs();
            long result;
            try {
                result = (long) GENERATE_NEXT_TOKEN.invokeExact(g);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (result != 0) {
                Oga.check(MemorySegment.ofAddress(result), "generating the next token");
            }
        } finally {
            inUse.unlock();
        }
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
        MemorySegment g = enter();
        try {
            long result;
            try {
                result = (long) GET_NEXT_TOKENS.invokeExact(g, tokensOut, countOut);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (result != 0) {
                Oga.check(MemorySegment.ofAddress(result), "reading the next token");
            }
            // borrowed pointer to at least one int32 (batch size >= 1): read it in place
            return EVERYTHING.get(ValueLayout.JAVA_INT, tokensOut.get(ValueLayout.JAVA_LONG, 0));
        } finally {
            inUse.unlock();
        }
    }

    /** Tokens in the first sequence so far, prompt included. */
    public long tokenCount() {
        if (!TokenCount.PRESENT) {
            Oga.require("OgaGenerator_TokenCount", "0.12.0");
        }
        MemorySegment g = enter();
        try {
            return OgaGenerator_TokenCount(g);
        } finally {
            inUse.unlock();
        }
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

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("a downcall threw a checked exception", t);
    }

    /** Whether the loaded GenAI has {@code OgaGenerator_TokenCount}, looked up once (a lookup allocates). */
    private static final class TokenCount {
        static final boolean PRESENT = Oga.load().symbols().find("OgaGenerator_TokenCount").isPresent();
    }

    @Override
    void destroy(MemorySegment handle) {
        inUse.lock(); // a call in progress on another thread finishes first (terminate() first to make it quick)
        try {
            OgaDestroyGenerator(handle);
            arena.close();
            if (tokenArena != null) {
                tokenArena.close();
            }
        } finally {
            inUse.unlock();
        }
    }
}
