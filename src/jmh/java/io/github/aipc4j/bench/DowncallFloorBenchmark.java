package io.github.aipc4j.bench;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

/**
 * The floor every aipc4j call stands on: one FFM downcall into the real ONNX Runtime with no arguments
 * ({@code OrtGetApiBase}), with and without the {@code critical} linker option. Later benchmarks compare the
 * idiomatic layer with peers; this one says what a bare crossing costs on the machine that ran it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DowncallFloorBenchmark {
    private MethodHandle getApiBase;
    private MethodHandle getApiBaseCritical;

    @Setup
    public void load() {
        LoadedRuntime ort = NativeLoader.load(RuntimeLibrary.ONNXRUNTIME);
        FunctionDescriptor descriptor = FunctionDescriptor.of(ValueLayout.ADDRESS);
        getApiBase = ort.downcall("OrtGetApiBase", descriptor);
        getApiBaseCritical = Linker.nativeLinker().downcallHandle(ort.symbol("OrtGetApiBase"),
                descriptor, Linker.Option.critical(false));
    }

    @Benchmark
    public MemorySegment ortGetApiBase() throws Throwable {
        return (MemorySegment) getApiBase.invokeExact();
    }

    @Benchmark
    public MemorySegment ortGetApiBaseCritical() throws Throwable {
        return (MemorySegment) getApiBaseCritical.invokeExact();
    }
}
