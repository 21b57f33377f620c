package io.github.aipc4j.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.testing.onnx.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every element type through a real Identity graph, in wrapped caller memory and in ORT-allocated memory. */
class TensorRoundTripTest {

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = "STRING", mode = EnumSource.Mode.EXCLUDE)
    void wrappedCallerMemoryRoundTripsByteForByte(ElementType type) {
        long[] shape = {3, 5};
        try (Session session = OrtFixture.session(TestModels.identity(ElemType.valueOf(testName(type)), shape));
             Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(type.byteSize(15));
            fillRandom(memory, type);
            try (Tensor input = Tensor.wrap(memory, type, shape);
                 Outputs outputs = session.run(Map.of("x", input))) {
                Tensor y = outputs.get("y");
                assertEquals(type, y.elementType());
                assertArrayEquals(shape, y.shape());
                assertArrayEquals(memory.toArray(ValueLayout.JAVA_BYTE), y.data().toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = "STRING", mode = EnumSource.Mode.EXCLUDE)
    void ortAllocatedTensorsRoundTripIntoPreallocatedOutputs(ElementType type) {
        long[] shape = {4, 2};
        try (Session session = OrtFixture.session(TestModels.identity(ElemType.valueOf(testName(type)), shape));
             Tensor input = Tensor.allocate(type, shape);
             Tensor output = Tensor.allocate(type, shape);
             PreparedRun run = session.prepare(List.of("x"), List.of("y"))) {
            fillRandom(input.data(), type);
            run.run(null, new Tensor[] {input}, new Tensor[] {output});
            assertArrayEquals(input.data().toArray(ValueLayout.JAVA_BYTE), output.data().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void typedAccessorsReadAndWriteInPlace() {
        try (Tensor f16 = Tensor.allocate(ElementType.FLOAT16, 3);
             Tensor bf16 = Tensor.allocate(ElementType.BFLOAT16, 3);
             Tensor i4 = Tensor.allocate(ElementType.INT4, 5);
             Tensor u4 = Tensor.allocate(ElementType.UINT4, 3);
             Tensor i64 = Tensor.allocate(ElementType.INT64, 2);
             Tensor b = Tensor.allocate(ElementType.BOOL, 2)) {
            f16.setFloat16(0, 1.5f);
            f16.setFloat16(2, -65504f);
            assertEquals(1.5f, f16.getFloat16(0));
            assertEquals(-65504f, f16.getFloat16(2));
            assertEquals((short) 0x3E00, f16.data().get(ValueLayout.JAVA_SHORT_UNALIGNED, 0)); // IEEE half 1.5
            bf16.setBFloat16(1, 3.140625f);
            assertEquals(3.140625f, bf16.getBFloat16(1));
            bf16.setBFloat16(0, 1.00390625f); // halfway between two bf16 values: ties to even (1.0)
            assertEquals(1.0f, bf16.getBFloat16(0));
            assertEquals(3, i4.data().byteSize(), "5 int4 elements pack into 3 bytes");
            int[] values = {-8, 7, -1, 0, 3};
            for (int i = 0; i < values.length; i++) {
                i4.setInt4(i, values[i]);
            }
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], i4.getInt4(i));
            }
            assertEquals((byte) 0x78, i4.data().get(ValueLayout.JAVA_BYTE, 0)); // -8 low nibble, 7 high nibble
            u4.setInt4(0, 15);
            assertEquals(15, u4.getInt4(0));
            assertThrows(IllegalArgumentException.class, () -> i4.setInt4(0, 8));
            i64.setLong(1, Long.MIN_VALUE);
            assertEquals(Long.MIN_VALUE, i64.getLong(1));
            b.setBoolean(1, true);
            assertEquals(true, b.getBoolean(1));
            assertThrows(IllegalArgumentException.class, () -> i64.getFloat(0), "typed access checks the element type");
        }
    }

    @Test
    void stringTensorsRoundTripUtf8() {
        List<String> values = List.of("", "hello", "naïve ☕ 日本", "x".repeat(1000));
        try (Session session = OrtFixture.session(TestModels.stringIdentity());
             Tensor input = Tensor.ofStrings(values, values.size());
             Outputs outputs = session.run(Map.of("x", input))) {
            assertEquals(values, outputs.get("y").strings());
            assertEquals(values, input.strings());
            assertThrows(UnsupportedOperationException.class, input::data);
        }
    }

    @Test
    void shapesAndSizesAreLongs() {
        // 3 GiB of int4 elements described without allocating: the byte size is computed in long arithmetic
        assertEquals(3L << 30, ElementType.INT4.byteSize(6L << 30));
        assertEquals(12L << 30, ElementType.FLOAT32.byteSize(3L << 30));
    }

    static String testName(ElementType type) {
        return switch (type) {
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            default -> type.name();
        };
    }

    static void fillRandom(MemorySegment memory, ElementType type) {
        Random random = new Random(type.ordinal());
        for (long i = 0; i < memory.byteSize(); i++) {
            byte v = (byte) random.nextInt();
            if (type == ElementType.BOOL) {
                v = (byte) (v & 1);
            } else if (type == ElementType.FLOAT16 || type == ElementType.BFLOAT16 || type == ElementType.FLOAT32
                    || type == ElementType.FLOAT64) {
                v = (byte) (v & 0x3F); // keep exponents small: no NaN payloads to be canonicalised
            }
            memory.set(ValueLayout.JAVA_BYTE, i, v);
        }
    }
}
