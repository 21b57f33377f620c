package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.ov_callback_t;
import io.github.aipc4j.bindings.openvino.ov_profiling_info_list_t;
import io.github.aipc4j.bindings.openvino.ov_profiling_info_t;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One inference context of a {@link CompiledModel} ({@code ov_infer_request_t}): bind input and output tensors, run
 * synchronously ({@link #infer()}) or asynchronously ({@link #startAsync()}), read the outputs.
 *
 * <pre>{@code
 * try (InferRequest request = compiled.createInferRequest();
 *      Arena arena = Arena.ofConfined()) {
 *     request.setTensor("input_ids", Tensor.wrap(arena.allocateFrom(JAVA_LONG, ids), ElementType.INT64, 1, ids.length));
 *     request.infer();
 *     try (Tensor logits = request.getTensor("logits")) { ... }
 * }
 * }</pre>
 *
 * <p><b>Tensors.</b> Setting a tensor makes the request share it (closing the {@link Tensor} afterwards is fine).
 * A tensor over caller memory ({@link Tensor#wrap}) is checked before every inference: if its arena has been closed,
 * {@link #infer()} and {@link #startAsync()} throw {@link IllegalStateException} instead of running. Tensors read
 * with {@link #getTensor} are views at that moment: read them again after the next inference.
 *
 * <p><b>Asynchronous inference.</b> {@link #startAsync()} returns a future completed when OpenVINO's completion
 * callback fires; the callback only hands the completion to one of aipc4j's threads, so continuations never run on
 * OpenVINO's threads. One inference at a time per request: use several
 * requests for several in flight.
 *
 * <p><b>State.</b> The OpenVINO C API has no variable-state calls (no {@code query_state}/{@code reset_state}), so
 * {@link #resetState()} replaces the native request with a fresh one from the same compiled model: the fresh request's
 * KV cache (ReadValue/Assign variables) starts from the model's initializers, as a new request's does; the tensors the
 * caller set are carried over to it.
 *
 * <p>Not thread-safe: use a request from one thread at a time (the future may complete on another). Closing it
 * waits for a running asynchronous inference, whose future then completes with a {@link CancellationException}.
 */
public final class InferRequest implements AutoCloseable {
    private static final ExecutorService COMPLETIONS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "aipc4j-openvino-completion");
        t.setDaemon(true);
        return t;
    });

    /** A binding the caller made: by tensor name, or by input/output index. */
    private record Binding(String name, boolean input, int index) {
    }

    private final CompiledModel compiled;
    /** Guards swapping and freeing the native request against the completion of an asynchronous inference. */
    private final Object lock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Holds the completion callback (stub and {@code ov_callback_t}) once made; closed after the request is freed. */
    private Arena arena;
    /** Tensor names as C strings, made once per name. */
    private final Map<String, MemorySegment> names = new HashMap<>();
    /** The bindings the caller made, most recent last, with the caller memory each one wraps (or null). */
    private final Map<Binding, MemorySegment> bindings = new LinkedHashMap<>();
    private volatile MemorySegment request;
    private MemorySegment callback;
    private volatile CompletableFuture<InferRequest> pending;
    /** The future whose native completion callback has fired. */
    private volatile CompletableFuture<InferRequest> fired;

    InferRequest(CompiledModel compiled) {
        this.compiled = compiled;
        this.request = compiled.newNativeRequest();
    }

    /** The compiled model this request runs. */
    public CompiledModel compiledModel() {
        return compiled;
    }

    public boolean isClosed() {
        return closed.get();
    }

    private MemorySegment handle() {
        if (closed.get()) {
            throw new IllegalStateException("InferRequest is closed");
        }
        return request;
    }

    /**
     * The native {@code ov_infer_request_t*}, for callers that drive the request through the generated bindings
     * ({@code io.github.aipc4j.bindings.openvino.openvino_h}) on a hot path where this class's checks and
     * bookkeeping cost too much (aipc4j's token loop sets shapes and infers this way). This object still owns it:
     * never free it. It changes on {@link #resetState()} and is freed by {@link #close()}; tensors bound through it
     * are unknown to this object (not carried over by {@link #resetState()}, not checked for liveness).
     *
     * @throws IllegalStateException when the request is closed
     */
    public MemorySegment nativeHandle() {
        return handle();
    }

    // ---- tensors ------------------------------------------------------------------------------------------------

    /** Binds {@code tensor} to the input or output tensor named {@code name}. */
    public void setTensor(String name, Tensor tensor) {
        MemorySegment req = handle();
        MemorySegment t = tensor.pointer();
        MemorySegment n = cString(name);
        Ov.call(() -> "setting tensor '" + name + "' to " + tensor, () -> openvino_h.ov_infer_request_set_tensor(req, n, t));
        bound(new Binding(name, false, -1), tensor);
    }

    /** Binds {@code tensor} to input {@code index}. */
    public void setInputTensor(int index, Tensor tensor) {
        MemorySegment req = handle();
        MemorySegment t = tensor.pointer();
        Ov.call(() -> "setting input " + index + " to " + tensor,
                () -> openvino_h.ov_infer_request_set_input_tensor_by_index(req, index, t));
        bound(binding(true, index), tensor);
    }

    /** Binds {@code tensor} to output {@code index}: the inference writes there. */
    public void setOutputTensor(int index, Tensor tensor) {
        MemorySegment req = handle();
        MemorySegment t = tensor.pointer();
        Ov.call(() -> "setting output " + index + " to " + tensor,
                () -> openvino_h.ov_infer_request_set_output_tensor_by_index(req, index, t));
        bound(binding(false, index), tensor);
    }

    /** A by-index binding under the port's name when it has one, so that it replaces a by-name binding of it. */
    private Binding binding(boolean input, int index) {
        List<Port> ports = input ? compiled.inputs() : compiled.outputs();
        if (index >= 0 && index < ports.size() && !ports.get(index).name().isEmpty()) {
            return new Binding(ports.get(index).name(), false, -1);
        }
        return new Binding(null, input, index);
    }

    private MemorySegment cString(String name) {
        MemorySegment c = names.get(name);
        if (c == null) {
            c = Arena.ofAuto().allocateFrom(name);
            names.put(name, c);
        }
        return c;
    }

    private void bound(Binding binding, Tensor tensor) {
        bindings.remove(binding);
        bindings.put(binding, tensor.borrowed());
    }

    /** The tensor named {@code name} (an input, or an output after inference); close it when done. */
    public Tensor getTensor(String name) {
        MemorySegment req = handle();
        MemorySegment n = cString(name);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(Ov.POINTER);
            Ov.call(() -> "getting tensor '" + name + "'", () -> openvino_h.ov_infer_request_get_tensor(req, n, out));
            return Tensor.adopt(out.get(Ov.POINTER, 0));
        }
    }

    /** Input {@code index}'s tensor; close it when done. */
    public Tensor getInputTensor(int index) {
        MemorySegment req = handle();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(Ov.POINTER);
            Ov.call(() -> "getting input " + index, () -> openvino_h.ov_infer_request_get_input_tensor_by_index(req, index, out));
            return Tensor.adopt(out.get(Ov.POINTER, 0));
        }
    }

    /** Output {@code index}'s tensor; close it when done. */
    public Tensor getOutputTensor(int index) {
        MemorySegment req = handle();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(Ov.POINTER);
            Ov.call(() -> "getting output " + index, () -> openvino_h.ov_infer_request_get_output_tensor_by_index(req, index, out));
            return Tensor.adopt(out.get(Ov.POINTER, 0));
        }
    }

    /** Throws if caller memory behind a bound tensor has been freed. */
    private void checkBindings() {
        for (Map.Entry<Binding, MemorySegment> e : bindings.entrySet()) {
            MemorySegment memory = e.getValue();
            if (memory != null && !memory.scope().isAlive()) {
                Binding b = e.getKey();
                String what = b.name() != null ? "tensor '" + b.name() + "'" : (b.input() ? "input " : "output ") + b.index();
                throw new IllegalStateException("the memory of " + what + " set on this request has been freed "
                        + "(its arena is closed): set a live tensor before inferring");
            }
        }
    }

    private void checkIdle() {
        CompletableFuture<InferRequest> f = pending;
        if (f != null && !f.isDone()) {
            throw new IllegalStateException("an asynchronous inference is running on this request: await it first");
        }
    }

    // ---- inference ----------------------------------------------------------------------------------------------

    /** Runs the model on the bound inputs and waits for the outputs. */
    public void infer() {
        MemorySegment req = handle();
        checkBindings();
        checkIdle();
        Ov.callUnlocked("inference", () -> openvino_h.ov_infer_request_infer(req));
    }

    /**
     * Starts an inference and returns at once. The future completes with this request when the outputs are ready,
     * or exceptionally with an {@link OpenVinoException} when the inference failed. It is completed on one of
     * aipc4j's daemon threads (or on the thread calling {@link #await}), never on OpenVINO's: dependent stages may do
     * real work. Completing or cancelling the future yourself does not stop the inference: use {@link #cancel()}.
     *
     * @throws IllegalStateException when an asynchronous inference is still running on this request
     */
    public CompletableFuture<InferRequest> startAsync() {
        synchronized (lock) {
            MemorySegment req = handle();
            checkBindings();
            checkIdle();
            ensureCallback(req);
            CompletableFuture<InferRequest> f = new CompletableFuture<>();
            pending = f;
            try {
                Ov.call("starting an asynchronous inference", () -> openvino_h.ov_infer_request_start_async(req));
            } catch (RuntimeException e) {
                pending = null;
                throw e;
            }
            return f;
        }
    }

    /** Sets the completion callback on the native request once (a fresh one after {@link #resetState()}). */
    private void ensureCallback(MemorySegment req) {
        if (callback == null) {
            arena = Arena.ofShared();
            MemorySegment stub = ov_callback_t.callback_func.allocate(this::onNativeCompletion, arena);
            MemorySegment struct = ov_callback_t.allocate(arena); // OpenVINO keeps this pointer: it lives in arena
            ov_callback_t.callback_func(struct, stub);
            ov_callback_t.args(struct, MemorySegment.NULL);
            Ov.call("setting the completion callback", () -> openvino_h.ov_infer_request_set_callback(req, struct));
            callback = struct;
        }
    }

    /** The upcall, on an OpenVINO thread: records the completion and hands it off. Never throws into native code. */
    private void onNativeCompletion(MemorySegment args) {
        try {
            CompletableFuture<InferRequest> f = pending;
            if (f != null && !f.isDone()) {
                fired = f;
                COMPLETIONS.execute(() -> finish(f));
            }
        } catch (Throwable ignored) {
            // never unwind into OpenVINO; await() still completes the future
        }
    }

    /** Completes {@code f} from the native request's result ({@code ov_infer_request_wait}: returns at once now). */
    private void finish(CompletableFuture<InferRequest> f) {
        synchronized (lock) {
            if (f.isDone() || closed.get() || f != pending) {
                return;
            }
            int status = openvino_h.ov_infer_request_wait(request);
            if (status == 0) {
                f.complete(this);
            } else {
                Ov.LOCK.lock();
                try {
                    f.completeExceptionally(Ov.failure(status, "asynchronous inference"));
                } finally {
                    Ov.LOCK.unlock();
                }
            }
        }
    }

    /**
     * Waits up to {@code timeout} for the running asynchronous inference ({@code ov_infer_request_wait_for}).
     *
     * @return true when it has finished (its future is then complete), false on timeout; true when none was started
     * @throws OpenVinoException when the inference failed
     */
    public boolean await(Duration timeout) {
        MemorySegment req = handle();
        CompletableFuture<InferRequest> f = pending;
        if (f == null || f.isDone()) {
            return true;
        }
        long ms = Math.max(0, Math.min(timeout.toMillis(), Long.MAX_VALUE / 2));
        int status = openvino_h.ov_infer_request_wait_for(req, ms);
        if (status == openvino_h.RESULT_NOT_READY()) {
            return false; // timed out
        }
        if (status != 0) {
            OpenVinoException e;
            Ov.LOCK.lock();
            try {
                e = Ov.failure(status, "waiting for the asynchronous inference");
            } finally {
                Ov.LOCK.unlock();
            }
            f.completeExceptionally(e);
            throw e;
        }
        // Older C wrappers returned OK on timeout too; OpenVINO runs the completion callback before the result is
        // ready, so the callback having fired tells completion from timeout there.
        if (fired != f) {
            return false;
        }
        finish(f);
        return true;
    }

    /** Waits for the running asynchronous inference without a timeout ({@code ov_infer_request_wait}). */
    public void await() {
        MemorySegment req = handle();
        CompletableFuture<InferRequest> f = pending;
        if (f == null || f.isDone()) {
            return;
        }
        try {
            Ov.callUnlocked("waiting for the asynchronous inference", () -> openvino_h.ov_infer_request_wait(req));
        } catch (OpenVinoException e) {
            f.completeExceptionally(e);
            throw e;
        }
        finish(f);
    }

    /** Asks OpenVINO to cancel the running inference; its future then completes exceptionally (INFER_CANCELLED). */
    public void cancel() {
        MemorySegment req = handle();
        Ov.call("cancelling the inference", () -> openvino_h.ov_infer_request_cancel(req));
    }

    /** Per-node timings of the last inference; empty unless compiled with {@code PERF_COUNT=YES}. */
    public List<ProfilingInfo> profilingInfo() {
        MemorySegment req = handle();
        checkIdle();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = ov_profiling_info_list_t.allocate(a);
            Ov.call("reading profiling info", () -> openvino_h.ov_infer_request_get_profiling_info(req, list));
            try {
                long n = ov_profiling_info_list_t.size(list);
                List<ProfilingInfo> result = new ArrayList<>();
                if (n > 0) {
                    MemorySegment array = ov_profiling_info_list_t.profiling_infos(list)
                            .reinterpret(n * ov_profiling_info_t.sizeof());
                    ProfilingInfo.Status[] statuses = ProfilingInfo.Status.values();
                    for (long i = 0; i < n; i++) {
                        MemorySegment info = ov_profiling_info_t.asSlice(array, i);
                        int status = ov_profiling_info_t.status(info);
                        result.add(new ProfilingInfo(Ov.string(ov_profiling_info_t.node_name(info)),
                                Ov.string(ov_profiling_info_t.node_type(info)),
                                Ov.string(ov_profiling_info_t.exec_type(info)),
                                status >= 0 && status < statuses.length ? statuses[status] : ProfilingInfo.Status.NOT_RUN,
                                Duration.ofNanos(1000 * ov_profiling_info_t.real_time(info)),
                                Duration.ofNanos(1000 * ov_profiling_info_t.cpu_time(info))));
                    }
                }
                return List.copyOf(result);
            } finally {
                openvino_h.ov_profiling_info_list_free(list);
            }
        }
    }

    // ---- state --------------------------------------------------------------------------------------------------

    /**
     * Restarts the model's state (the KV cache of a stateful LLM) from its initializers. The C API offers no state
     * calls, so this replaces the native request with a new one from the same compiled model ({@code
     * ov_compiled_model_create_infer_request}) and frees the old one; the tensors set on this request are set on the
     * new one, and the completion callback too. Costs about as much as creating a request (no compilation).
     *
     * @throws IllegalStateException while an asynchronous inference runs, or when the compiled model is closed
     */
    public void resetState() {
        synchronized (lock) {
            MemorySegment old = handle();
            checkIdle();
            MemorySegment fresh = compiled.newNativeRequest();
            try {
                if (callback != null) {
                    MemorySegment cb = callback;
                    Ov.call("setting the completion callback", () -> openvino_h.ov_infer_request_set_callback(fresh, cb));
                }
                for (Binding b : bindings.keySet()) {
                    carryOver(b, old, fresh);
                }
            } catch (RuntimeException e) {
                openvino_h.ov_infer_request_free(fresh);
                throw e;
            }
            request = fresh;
            pending = null;
            fired = null;
            openvino_h.ov_infer_request_free(old);
        }
    }

    /** Sets on {@code to} the tensor bound to {@code b} on {@code from} (sharing it). */
    private static void carryOver(Binding b, MemorySegment from, MemorySegment to) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(Ov.POINTER);
            MemorySegment name = b.name() != null ? a.allocateFrom(b.name()) : MemorySegment.NULL;
            String what = b.name() != null ? "tensor '" + b.name() + "'" : (b.input() ? "input " : "output ") + b.index();
            Ov.call("carrying " + what + " over to the fresh request", () -> b.name() != null
                    ? openvino_h.ov_infer_request_get_tensor(from, name, out)
                    : b.input() ? openvino_h.ov_infer_request_get_input_tensor_by_index(from, b.index(), out)
                    : openvino_h.ov_infer_request_get_output_tensor_by_index(from, b.index(), out));
            MemorySegment tensor = out.get(Ov.POINTER, 0);
            try {
                Ov.call("carrying " + what + " over to the fresh request", () -> b.name() != null
                        ? openvino_h.ov_infer_request_set_tensor(to, name, tensor)
                        : b.input() ? openvino_h.ov_infer_request_set_input_tensor_by_index(to, b.index(), tensor)
                        : openvino_h.ov_infer_request_set_output_tensor_by_index(to, b.index(), tensor));
            } finally {
                openvino_h.ov_tensor_free(tensor);
            }
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /**
     * Frees the native request (waiting for a running asynchronous inference, whose future then completes with a
     * {@link CancellationException}). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            openvino_h.ov_infer_request_free(request);
            CompletableFuture<InferRequest> f = pending;
            if (f != null && !f.isDone()) {
                f.completeExceptionally(new CancellationException("the InferRequest was closed"));
            }
            bindings.clear();
            if (arena != null) {
                arena.close();
            }
        }
    }

    @Override
    public String toString() {
        return "InferRequest[" + compiled.device() + (closed.get() ? ", closed" : "") + "]";
    }
}
