package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The three tensor calls made on the logits output after every step, bound with the {@code ov_tensor_t*} argument as
 * a 64-bit integer: the pointer read from an out-parameter is used as a {@code long}, so no {@link MemorySegment} is
 * made per step to carry it (one would be allocated unless the JIT's escape analysis removed it; this way the step
 * allocates nothing even before C2 compiles it). A pointer and a 64-bit integer are passed alike on every 64-bit ABI
 * the runtimes ship for (x86-64 System V and Windows, AArch64). The addresses are the generated bindings'.
 */
final class TensorCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle DATA = LINKER.downcallHandle(openvino_h.ov_tensor_data$address(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle BYTE_SIZE = LINKER.downcallHandle(openvino_h.ov_tensor_get_byte_size$address(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle FREE = LINKER.downcallHandle(openvino_h.ov_tensor_free$address(),
            FunctionDescriptor.ofVoid(JAVA_LONG));

    private TensorCalls() {
    }

    /** {@code ov_tensor_data(tensor, &data)}. */
    static int data(long tensor, MemorySegment out) {
        try {
            return (int) DATA.invokeExact(tensor, out);
        } catch (Throwable t) {
            throw new AssertionError("ov_tensor_data", t);
        }
    }

    /** {@code ov_tensor_get_byte_size(tensor, &size)}. */
    static int byteSize(long tensor, MemorySegment out) {
        try {
            return (int) BYTE_SIZE.invokeExact(tensor, out);
        } catch (Throwable t) {
            throw new AssertionError("ov_tensor_get_byte_size", t);
        }
    }

    /** {@code ov_tensor_free(tensor)}: the wrapper only; whoever else holds the tensor keeps it. */
    static void free(long tensor) {
        try {
            FREE.invokeExact(tensor);
        } catch (Throwable t) {
            throw new AssertionError("ov_tensor_free", t);
        }
    }
}
