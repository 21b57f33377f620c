package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A run whose input and output names are encoded once, with native arrays reused across calls: with reused
 * input and output tensors, {@link #run(RunOptions, Tensor[], Tensor[])} allocates nothing on the Java heap or
 * in native memory. One thread at a time; close it before its session.
 */
public final class PreparedRun implements AutoCloseable {
    /**
     * {@code OrtApi::Run} as a downcall bound to its address (read once: the table is loaded before any session
     * exists), returning the {@code OrtStatus*} as a {@code long}: a pointer and a 64-bit integer come back in the
     * same register on every 64-bit ABI, and no {@link MemorySegment} is made for the status, so a run allocates
     * nothing even where the JIT does not scalar-replace the returned segment (it did not in some forks).
     */
    private static final class RunFunction {
        static final MethodHandle RUN = Linker.nativeLinker().downcallHandle(OrtApi.Run(Api.get()),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    }

    private final Session session;
    private final Arena arena = Arena.ofShared();
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final MemorySegment inputNamesArray;
    private final MemorySegment outputNamesArray;
    private final MemorySegment inputValues;
    private final MemorySegment outputValues;
    /**
     * Default options for the repeated path, made on its first use: given NULL, ONNX Runtime builds a default
     * {@code OrtRunOptions} inside every {@code Run} (~40 ns of a ~1.2 µs Identity run); a fresh one is the same.
     */
    private RunOptions defaults;
    private boolean closed;

    PreparedRun(Session session, List<String> inputNames, List<String> outputNames) {
        this.session = session;
        this.inputNames = List.copyOf(inputNames);
        this.outputNames = List.copyOf(outputNames);
        this.inputNamesArray = names(inputNames);
        this.outputNamesArray = names(outputNames);
        this.inputValues = arena.allocate(ValueLayout.ADDRESS, Math.max(1, inputNames.size()));
        this.outputValues = arena.allocate(ValueLayout.ADDRESS, Math.max(1, outputNames.size()));
    }

    private MemorySegment names(List<String> names) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, Math.max(1, names.size()));
        for (int i = 0; i < names.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(names.get(i)));
        }
        return array;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * Runs into preallocated outputs (ORT writes into them; shapes must match what the model produces).
     * {@code options} may be null.
     */
    public void run(RunOptions options, Tensor[] inputs, Tensor[] outputs) {
        check(inputs, outputs);
        for (int i = 0; i < outputs.length; i++) {
            outputValues.setAtIndex(ValueLayout.ADDRESS, i, outputs[i].pointer());
        }
        invoke(options != null ? options : defaults(), inputs);
    }

    private RunOptions defaults() {
        RunOptions d = defaults;
        if (d == null) {
            defaults = d = RunOptions.create();
        }
        return d;
    }

    /** Runs; ONNX Runtime allocates the outputs, which the returned {@link Outputs} owns. */
    public Outputs run(RunOptions options, Tensor... inputs) {
        check(inputs, null);
        outputValues.fill((byte) 0);
        invoke(options, inputs);
        List<Tensor> tensors = new ArrayList<>(outputNames.size());
        try {
            for (int i = 0; i < outputNames.size(); i++) {
                MemorySegment value = outputValues.getAtIndex(Api.POINTER, i);
                outputValues.setAtIndex(ValueLayout.ADDRESS, i, MemorySegment.NULL);
                tensors.add(Tensor.adopt(value));
            }
        } catch (RuntimeException e) {
            tensors.forEach(Tensor::close);
            for (int i = tensors.size() + 1; i < outputNames.size(); i++) {
                MemorySegment left = outputValues.getAtIndex(Api.POINTER, i);
                if (left.address() != 0) {
                    OrtApi.ReleaseValue.invoke(OrtApi.ReleaseValue(Api.get()), left);
                }
            }
            throw e;
        }
        return new Outputs(outputNames, tensors);
    }

    private void check(Tensor[] inputs, Tensor[] outputs) {
        if (closed) {
            throw new IllegalStateException("PreparedRun is closed");
        }
        if (inputs.length != inputNames.size()) {
            throw new IllegalArgumentException(inputs.length + " input tensors for " + inputNames.size() + " names " + inputNames);
        }
        if (outputs != null && outputs.length != outputNames.size()) {
            throw new IllegalArgumentException(outputs.length + " output tensors for " + outputNames.size() + " names " + outputNames);
        }
    }

    private void invoke(RunOptions options, Tensor[] inputs) {
        for (int i = 0; i < inputs.length; i++) {
            inputValues.setAtIndex(ValueLayout.ADDRESS, i, inputs[i].pointer());
        }
        MemorySegment runOptions = options == null ? MemorySegment.NULL : options.pointer();
        long status;
        try {
            status = (long) RunFunction.RUN.invokeExact(session.pointer(), runOptions, inputNamesArray, inputValues,
                    (long) inputs.length, outputNamesArray, (long) outputNames.size(), outputValues);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
        if (status != 0) {
            Api.check(MemorySegment.ofAddress(status));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
            if (defaults != null) {
                defaults.close();
            }
        }
    }
}
