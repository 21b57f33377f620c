package io.github.aipc4j.llm.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.llm.spi.LogitsDecoder;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * One sequence's KV cache over an {@link OrtBackend}'s session, and the run that extends it: the Java token loop of
 * the {@code ort} engine.
 *
 * <p>Everything a run needs is allocated when the decoder is made: the KV cache for the whole context
 * ({@link PingPongCache} for graphs with plain past/present tensors, {@link SharedCache} for graphs that write
 * present into past), a token-id buffer, an attention mask of ones and a position ramp for the whole context (a run
 * binds a prefix or a slice of them), and the logits rows. A decode step (one token) then writes the token id, makes
 * the few tensors whose shape grows (the mask; for plain graphs the present keys and values and the positions) with
 * raw {@code OrtApi} calls, binds them and runs: no Java object and no KV memory is allocated per token.
 *
 * <p>A prompt runs in chunks of at most {@value #PREFILL_CHUNK} tokens, each writing its logits into one preallocated
 * {@code [chunk, vocab]} buffer; only the last row is kept. So a long prompt never needs logits for all its
 * positions at once (32 064 × 4 bytes per position for Phi-3), and prefill allocates nothing either.
 *
 * <p>Not thread-safe: one thread at a time. Closing it frees its native memory; any later use throws
 * {@link IllegalStateException}.
 */
public final class OrtDecoder extends LogitsDecoder {
    /** Most prompt tokens one run takes. */
    public static final int PREFILL_CHUNK = 256;

    private final OrtBackend backend;
    private final DecoderGraph graph;
    private final Arena arena = Arena.ofShared();
    private final long session;
    private final int chunk;
    private final long logitsRowBytes;
    private TensorBinder binder;
    private long runOptions;
    private KvCache cache;
    private MemorySegment ids;
    private MemorySegment ones;
    private MemorySegment positions;
    private MemorySegment logits;
    private MemorySegment lastRow;
    /** [1, n] token ids, [1, total] mask, [1, n] positions, [1, n, vocab] logits. */
    private MemorySegment shapes;
    private long idsShape;
    private long maskShape;
    private long positionsShape;
    private long logitsShape;
    /** The [1, 1] token id and logits tensors of decode steps, kept for the decoder's life. */
    private long stepIds;
    private long stepLogits;
    /** Rows of token ids and logits bound now (0: none yet). */
    private int boundRows;
    private int cached;
    private boolean closed;

    OrtDecoder(OrtBackend backend, DecoderGraph graph, long session, long memoryInfo, int prefillChunk) {
        super(graph.vocab, graph.context);
        this.backend = backend;
        this.graph = graph;
        this.session = session;
        this.chunk = Math.min(prefillChunk, graph.context);
        this.logitsRowBytes = 4L * graph.vocab;
        try {
            binder = new TensorBinder(OrtCalls.createIoBinding(session), memoryInfo, arena);
            runOptions = OrtCalls.createRunOptions();
            allocate();
            cache = graph.shareBuffer ? new SharedCache(graph, binder, arena) : new PingPongCache(graph, binder, arena);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void allocate() {
        ids = arena.allocate((long) chunk * graph.ids.bytes(), 64);
        if (graph.mask != null) {
            ones = arena.allocate((long) graph.context * graph.mask.bytes(), 64);
            fill(ones, graph.mask.type(), false);
        }
        if (graph.positions != null) {
            positions = arena.allocate((long) graph.context * graph.positions.bytes(), 64);
            fill(positions, graph.positions.type(), true);
        }
        logits = NativeBlock.allocate(arena, chunk * logitsRowBytes, "the logits of " + chunk + " prompt tokens");
        lastRow = logits.asSlice(0, logitsRowBytes);
        shapes = arena.allocate(ValueLayout.JAVA_LONG, 9);
        idsShape = shapes.address();
        maskShape = idsShape + 16;
        positionsShape = idsShape + 32;
        logitsShape = idsShape + 48;
        for (int i : new int[] {0, 2, 4, 6}) {
            shapes.setAtIndex(ValueLayout.JAVA_LONG, i, 1);
        }
        shapes.setAtIndex(ValueLayout.JAVA_LONG, 8, graph.vocab);
        setRows(1);
        stepIds = binder.tensor(ids.address(), graph.ids.bytes(), idsShape, 2, graph.ids.type().onnxValue());
        stepLogits = binder.tensor(logits.address(), logitsRowBytes, logitsShape, 3, ElementType.FLOAT32.onnxValue());
    }

    /** Ones (the mask: every cached position is attended to) or 0, 1, 2, … (the positions). */
    private static void fill(MemorySegment buffer, ElementType type, boolean ramp) {
        boolean wide = type == ElementType.INT64;
        long n = buffer.byteSize() / (wide ? 8 : 4);
        for (long i = 0; i < n; i++) {
            long v = ramp ? i : 1;
            if (wide) {
                buffer.setAtIndex(ValueLayout.JAVA_LONG, i, v);
            } else {
                buffer.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
            }
        }
    }

    private void setRows(int n) {
        shapes.setAtIndex(ValueLayout.JAVA_LONG, 1, n);
        shapes.setAtIndex(ValueLayout.JAVA_LONG, 7, n);
    }

    /** Tokens this decoder's cache can hold. */
    public int contextLength() {
        return graph.context;
    }

    @Override
    protected MemorySegment forward(int[] tokens, int from, int count) {
        checkOpen();
        Objects.checkFromIndexSize(from, count, tokens.length);
        for (int i = from; i < from + count; i++) {
            if (tokens[i] < 0 || tokens[i] >= graph.vocab) {
                throw new IllegalArgumentException("token id " + tokens[i] + " (at index " + i + ") is outside the "
                        + "model's vocabulary [0, " + graph.vocab + ")");
            }
        }
        int start = cached;
        try {
            for (int done = 0; done < count; ) {
                int n = Math.min(chunk, count - done);
                run(tokens, from + done, n);
                done += n;
            }
        } catch (RuntimeException e) {
            if (cached != start) { // a later chunk of a long prompt failed: forget the earlier ones too
                cache.rewind(cached, start);
                cached = start;
            }
            throw e;
        }
        return lastRow;
    }

    /** One run over {@code n ≤ chunk} tokens at positions {@code [cached, cached + n)}. */
    private void run(int[] tokens, int from, int n) {
        int past = cached;
        if (graph.ids.type() == ElementType.INT64) {
            for (int i = 0; i < n; i++) {
                ids.setAtIndex(ValueLayout.JAVA_LONG, i, tokens[from + i]);
            }
        } else {
            MemorySegment.copy(tokens, from, ids, ValueLayout.JAVA_INT, 0, n);
        }
        bindRows(n);
        if (graph.mask != null) {
            shapes.setAtIndex(ValueLayout.JAVA_LONG, 3, past + n);
            DecoderGraph.Input m = graph.mask;
            binder.bindInput(m.nativeName(), m.name(), ones.address(), (long) (past + n) * m.bytes(), maskShape, 2,
                    m.type().onnxValue());
        }
        if (graph.positions != null) {
            DecoderGraph.Input p = graph.positions;
            shapes.setAtIndex(ValueLayout.JAVA_LONG, 5, n);
            binder.bindInput(p.nativeName(), p.name(), positions.address() + (long) past * p.bytes(), (long) n * p.bytes(),
                    positionsShape, 2, p.type().onnxValue());
        }
        try {
            cache.bind(past, n);
        } catch (RuntimeException e) {
            cache.abandon();
            throw e;
        }
        long status = OrtCalls.runWithBinding(session, runOptions, binder.binding);
        if (status != 0) {
            cache.abandon();
            throw OrtCalls.exception(status, "running " + backend.modelFile().getFileName() + " on " + n
                    + " tokens after " + past);
        }
        cache.commit();
        cached = past + n;
        if (n > 1) {
            MemorySegment.copy(logits, (n - 1) * logitsRowBytes, logits, 0, logitsRowBytes);
        }
    }

    /** Binds token ids and logits for {@code n} rows, unless they are bound so already. */
    private void bindRows(int n) {
        if (n == boundRows) {
            return;
        }
        DecoderGraph.Input in = graph.ids;
        if (n == 1) {
            binder.input(in.nativeName(), stepIds, in.name());
            binder.output(graph.logitsNative, stepLogits, graph.logitsName);
        } else {
            setRows(n);
            binder.bindInput(in.nativeName(), in.name(), ids.address(), (long) n * in.bytes(), idsShape, 2,
                    in.type().onnxValue());
            binder.bindOutput(graph.logitsNative, graph.logitsName, logits.address(), n * logitsRowBytes, logitsShape, 3,
                    ElementType.FLOAT32.onnxValue());
        }
        boundRows = n;
    }

    @Override
    protected boolean rewind(int newLength) {
        checkOpen();
        cache.rewind(cached, newLength);
        cached = newLength;
        return true;
    }

    @Override
    protected void ensureOpen() {
        checkOpen();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this OrtDecoder is closed");
        }
    }

    /** Frees the KV cache and every native object of this decoder. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (cache != null) {
                cache.release();
            }
            TensorBinder.release(stepIds);
            TensorBinder.release(stepLogits);
            if (binder != null) {
                OrtCalls.releaseIoBinding(binder.binding);
            }
            if (runOptions != 0) {
                OrtCalls.releaseRunOptions(runOptions);
            }
        } finally {
            arena.close();
            backend.forget(this);
        }
    }
}
