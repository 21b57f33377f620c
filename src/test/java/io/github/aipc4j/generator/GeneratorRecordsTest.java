package io.github.aipc4j.generator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static io.github.aipc4j.generator.GeneratorFixture.assertContains;
import static io.github.aipc4j.generator.GeneratorFixture.assertLacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Structs and unions, one construct per test: the generated class is compiled and loaded, and its layout and
 * accessors are checked against offsets that clang (the C compiler's view) gives for the same header.
 */
class GeneratorRecordsTest {
    @TempDir
    Path tmp;
    private GeneratorFixture fx;

    @BeforeEach
    void fixture() {
        fx = new GeneratorFixture(tmp);
    }

    @Test
    void anonymousUnionMemberIsFlattenedIntoTheOuterStruct() {
        GeneratorFixture.Run run = fx.generate("""
                struct Value {
                    int kind;
                    union { int i; float f; };
                    long tail;
                };
                """);
        String value = run.source("Value");
        // the anonymous union is an inline layout named after its position, its fields reached through it
        assertContains(value, """
                        MemoryLayout.unionLayout(
                            t_h.C_INT.withName("i"),
                            t_h.C_FLOAT.withName("f")
                        ).withName("$anon$3:5"),""",
                "(OfInt)$LAYOUT.select(groupElement(\"$anon$3:5\"), groupElement(\"i\"))",
                "public static float f(MemorySegment struct)");
        assertFalse(run.files().keySet().stream().anyMatch(n -> n.contains("anon")), run.files().keySet().toString());

        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(4L, loaded.call("Value", "i$offset"));
        assertEquals(4L, loaded.call("Value", "f$offset"));
        assertEquals(8L, loaded.call("Value", "tail$offset"));
        assertEquals(16L, loaded.call("Value", "sizeof"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = (MemorySegment) loaded.call("Value", "allocate", arena);
            loaded.call("Value", "f", v, 1.0f);
            assertEquals(Float.floatToIntBits(1.0f), loaded.call("Value", "i", v)); // same storage
            loaded.call("Value", "kind", v, 7);
            assertEquals(7, v.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Test
    void anonymousStructMemberNotAtOffsetZeroKeepsItsOffsets() {
        GeneratorFixture.Run run = fx.generate("""
                struct Pixel {
                    char tag;
                    struct { char pad; double x; int y; };
                };
                """);
        GeneratorFixture.Loaded loaded = fx.load(run);
        // clang: the anonymous struct starts at 8 (double alignment): pad 8, x 16, y 24; sizeof 32
        assertEquals(8L, loaded.call("Pixel", "pad$offset"));
        assertEquals(16L, loaded.call("Pixel", "x$offset"));
        assertEquals(24L, loaded.call("Pixel", "y$offset"));
        assertEquals(32L, loaded.call("Pixel", "sizeof"));
    }

    @Test
    void namedFieldOfAnUnnamedStructTypeBecomesANestedClass() {
        GeneratorFixture.Run run = fx.generate("""
                struct Shape {
                    int sides;
                    struct { short w; short h; } size;
                };
                """);
        String shape = run.source("Shape");
        assertContains(shape, "public static class size {", "Shape.size.layout().withName(\"size\")",
                ".withName(\"$anon$3:5\");", "public static MemorySegment size(MemorySegment struct)",
                "public static void size(MemorySegment struct, MemorySegment fieldValue)");
        assertFalse(run.files().containsKey("size"), "the unnamed struct has no top-level class");

        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(4L, loaded.call("Shape", "size$offset"));
        assertEquals(2L, loaded.call("Shape$size", "h$offset"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = (MemorySegment) loaded.call("Shape", "allocate", arena);
            MemorySegment size = (MemorySegment) loaded.call("Shape", "size", s); // a view into s
            loaded.call("Shape$size", "h", size, (short) 9);
            assertEquals((short) 9, s.get(ValueLayout.JAVA_SHORT, 6));
        }
    }

    @Test
    void recordsDefinedInsideAnAnonymousMemberAreNestedInTheOuterClass() {
        // found by these tests: the generator used to reject this with "depends on $anon$… which has been excluded"
        GeneratorFixture.Run run = fx.generate("""
                struct Event {
                    int type;
                    union {
                        struct { int x; int y; } motion;
                        int key;
                    };
                };
                """);
        String event = run.source("Event");
        assertContains(event, "public static class motion {", "Event.motion.layout().withName(\"motion\")",
                "$LAYOUT.select(groupElement(\"$anon$3:5\"), groupElement(\"motion\"))");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(4L, loaded.call("Event", "motion$offset"));
        assertEquals(4L, loaded.call("Event", "key$offset"));
        assertEquals(4L, loaded.call("Event$motion", "y$offset"));
        assertEquals(12L, loaded.call("Event", "sizeof"));
    }

    @Test
    void unionGetsAUnionLayoutAndAllFieldsAtOffsetZero() {
        GeneratorFixture.Run run = fx.generate("""
                union Num { int i; double d; unsigned char bytes[8]; };
                """);
        assertContains(run.source("Num"), "MemoryLayout.unionLayout(", ".withName(\"Num\");",
                "The layout of this union", "public static int i(MemorySegment union)");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertInstanceOf(UnionLayout.class, loaded.call("Num", "layout"));
        assertEquals(8L, loaded.call("Num", "sizeof"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = (MemorySegment) loaded.call("Num", "allocate", arena);
            loaded.call("Num", "d", n, 1.0);
            // 1.0 = 0x3FF0000000000000: its last byte (little endian) read through the byte array
            assertEquals((byte) 0x3F, loaded.call("Num", "bytes", n, 7L));
            assertEquals(0L, loaded.call("Num", "bytes$offset"));
        }
    }

    @Test
    void arrayFieldAfterOtherFieldsIsIndexedFromItsOwnOffset() {
        GeneratorFixture.Run run = fx.generate("""
                struct Samples { long count; short pad; int data[4]; int grid[2][3]; };
                """);
        String samples = run.source("Samples");
        assertContains(samples, "private static long[] data$DIMS = { 4 };",
                "return (int)data$ELEM_HANDLE.get(struct, data$OFFSET, index0);",
                "data$ELEM_HANDLE.set(struct, data$OFFSET, index0, fieldValue);",
                "public static int grid(MemorySegment struct, long index0, long index1)",
                "private static long[] grid$DIMS = { 2, 3 };");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(12L, loaded.call("Samples", "data$offset"));
        assertEquals(28L, loaded.call("Samples", "grid$offset"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = (MemorySegment) loaded.call("Samples", "allocate", arena);
            loaded.call("Samples", "data", s, 2L, 42);
            assertEquals(42, s.get(ValueLayout.JAVA_INT, 12 + 2 * 4), "indexed setter writes at data's offset");
            s.set(ValueLayout.JAVA_INT, 12 + 3 * 4, 43);
            assertEquals(43, loaded.call("Samples", "data", s, 3L), "indexed getter reads at data's offset");
            loaded.call("Samples", "grid", s, 1L, 2L, 7);
            assertEquals(7, s.get(ValueLayout.JAVA_INT, 28 + (1 * 3 + 2) * 4));
            assertEquals(0L, loaded.call("Samples", "count", s), "nothing written before the arrays");
            MemorySegment slice = (MemorySegment) loaded.call("Samples", "data", s);
            assertEquals(16L, slice.byteSize());
            assertEquals(42, slice.get(ValueLayout.JAVA_INT, 8));
        }
    }

    @Test
    void arrayOfStructsDefinedInTheFieldIsANestedClassWithSliceAccessors() {
        // found by these tests: `struct P {…} pts[2];` used to fail with "depends on P which has been excluded"
        GeneratorFixture.Run run = fx.generate("""
                struct Poly { int n; struct P { int x; int y; } pts[2]; };
                """);
        String poly = run.source("Poly");
        assertContains(poly, "public static class P {", "MemoryLayout.sequenceLayout(2, Poly.P.layout()).withName(\"pts\")",
                "(MemorySegment)pts$ELEM_HANDLE.invokeExact(struct, pts$OFFSET, index0)");
        GeneratorFixture.Loaded loaded = fx.load(run);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = (MemorySegment) loaded.call("Poly", "allocate", arena);
            MemorySegment second = (MemorySegment) loaded.call("Poly", "pts", s, 1L);
            loaded.call("Poly$P", "y", second, 5);
            assertEquals(5, s.get(ValueLayout.JAVA_INT, 4 + 8 + 4));
            MemorySegment value = (MemorySegment) loaded.call("Poly$P", "allocate", arena);
            loaded.call("Poly$P", "x", value, 3);
            loaded.call("Poly", "pts", s, 0L, value);
            assertEquals(3, s.get(ValueLayout.JAVA_INT, 4));
        }
    }

    @Test
    void bitfieldsAreSkippedWithAWarningAndBecomePadding() {
        GeneratorFixture.Run run = fx.generate("""
                struct Flags {
                    unsigned ready : 1;
                    unsigned mode : 3;
                    int count;
                };
                """);
        String flags = run.source("Flags");
        assertContains(flags, """
                    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                        MemoryLayout.paddingLayout(4),
                        t_h.C_INT.withName("count")
                    ).withName("Flags");""");
        assertLacks(flags, "ready$", "mode$", "ready(", "mode(");
        assertContains(run.err(), "t.h:2:14: warning: Skipping ready (bitfields are not supported)",
                "t.h:3:14: warning: Skipping mode (bitfields are not supported)");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(8L, loaded.call("Flags", "sizeof"));
        assertEquals(4L, loaded.call("Flags", "count$offset"));
    }

    @Test
    void typedefsOfStructsNameTheClassOrExtendIt() {
        GeneratorFixture.Run run = fx.generate("""
                typedef struct { double re; double im; } Complex;
                struct Pair { int a; int b; };
                typedef struct Pair Pair_t;
                typedef struct Pair Pair;
                typedef Pair_t Couple;
                """);
        assertContains(run.source("Complex"), "public class Complex {", ".withName(\"$anon$1:9\");");
        assertContains(run.source("Pair_t"), "public class Pair_t extends Pair {");
        assertContains(run.source("Couple"), "public class Couple extends Pair {");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(16L, loaded.call("Complex", "sizeof"));
        assertEquals(8L, loaded.call("Pair_t", "sizeof"));
    }

    @Test
    void packedStructMembersAreRealignedToTheStruct() {
        GeneratorFixture.Run run = fx.generate("""
                struct __attribute__((packed)) Wire { char tag; int len; double value; };
                """);
        assertContains(run.source("Wire"), "t_h.align(t_h.C_INT, 1).withName(\"len\")",
                "t_h.align(t_h.C_DOUBLE, 1).withName(\"value\")");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(13L, loaded.call("Wire", "sizeof"));
        assertEquals(5L, loaded.call("Wire", "value$offset"));
        GroupLayout layout = (GroupLayout) loaded.call("Wire", "layout");
        assertEquals(1L, layout.byteAlignment());
    }
}
