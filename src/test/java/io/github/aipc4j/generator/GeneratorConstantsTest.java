package io.github.aipc4j.generator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static io.github.aipc4j.generator.GeneratorFixture.assertContains;
import static io.github.aipc4j.generator.GeneratorFixture.assertLacks;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Enum constants and object-like macros become static getters in the header class, with jextract's literals. */
class GeneratorConstantsTest {
    @TempDir
    Path tmp;
    private GeneratorFixture fx;

    @BeforeEach
    void fixture() {
        fx = new GeneratorFixture(tmp);
    }

    @Test
    void enumConstantsAreIntGettersAndUnsignedValuesWrap() {
        GeneratorFixture.Run run = fx.generate("""
                enum Color { RED, GREEN = 5, BLUE };
                enum Mask { MASK_NONE = 0, MASK_ALL = 0xFFFFFFFFu };
                enum { ANON_A = -3 };
                typedef enum Color Color_t;
                struct Holder { enum Inner { IN_A = 11 } inner; };
                """);
        String h = run.source("t_h");
        assertContains(h, "private static final int GREEN = (int)5L;", "public static int BLUE() {",
                "private static final int MASK_ALL = (int)-1L;", "private static final int ANON_A = (int)-3L;",
                "enum Color.RED = 0", "enum <anonymous>.ANON_A = -3", "public static int IN_A() {");
        assertLacks(h, "Color_t"); // a typedef of an enum produces nothing
        assertEquals(false, run.files().containsKey("Color") || run.files().containsKey("Color_t"), run.files().keySet().toString());

        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(0, loaded.call("t_h", "RED"));
        assertEquals(6, loaded.call("t_h", "BLUE"));
        assertEquals(-1, loaded.call("t_h", "MASK_ALL"));
        assertEquals(-3, loaded.call("t_h", "ANON_A"));
        assertEquals(11, loaded.call("t_h", "IN_A")); // enums nested in a struct are still top-level constants
    }

    @Test
    void enumWithA64BitValueUsesALongCarrier() {
        GeneratorFixture.Run run = fx.generate("""
                enum Wide { WIDE_SMALL = 1, WIDE_BIG = 0x100000000LL };
                """);
        assertContains(run.source("t_h"), "private static final long WIDE_BIG = 4294967296L;",
                "public static long WIDE_SMALL() {");
    }

    @Test
    void macrosOfEveryValueKindBecomeConstantsAndFunctionLikeMacrosDoNot() {
        GeneratorFixture.Run run = fx.generate("""
                #define M_INT 42
                #define M_HEX 0x10
                #define M_NEG (-5)
                #define M_EXPR (M_INT * 2 + M_HEX)
                #define M_LONG (1ULL<<40)
                #define M_UINT 0xFFFFFFFFu
                #define M_FLOAT 1.5f
                #define M_DOUBLE 2.25
                #define M_CHAR 'a'
                #define M_STR "hello \\"world\\""
                #define M_NULL ((void*)0)
                #define M_ADDR ((void*)0x1000)
                #define M_TWICE(x) ((x) * 2)
                #define M_EMPTY
                #define M_TYPE unsigned int
                """);
        String h = run.source("t_h");
        assertContains(h,
                "private static final int M_INT = (int)42L;",
                "private static final int M_HEX = (int)16L;",
                "private static final int M_NEG = (int)-5L;",
                "private static final int M_EXPR = (int)100L;",
                "private static final long M_LONG = 1099511627776L;",
                "private static final int M_UINT = (int)4294967295L;",
                "private static final float M_FLOAT = 1.5f;",
                "private static final double M_DOUBLE = 2.25d;",
                "private static final int M_CHAR = (int)97L;",
                "private static final MemorySegment M_NULL = MemorySegment.ofAddress(0L);",
                "private static final MemorySegment M_ADDR = MemorySegment.ofAddress(4096L);",
                "public static MemorySegment M_STR() {",
                "= t_h.LIBRARY_ARENA.allocateFrom(\"hello \\\"world\\\"\");");
        assertLacks(h, "M_TWICE", "M_EMPTY", "M_TYPE");

        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(42, loaded.call("t_h", "M_INT"));
        assertEquals(1L << 40, loaded.call("t_h", "M_LONG"));
        assertEquals(-1, loaded.call("t_h", "M_UINT"));
        assertEquals(1.5f, loaded.call("t_h", "M_FLOAT"));
        assertEquals(2.25, loaded.call("t_h", "M_DOUBLE"));
        assertEquals(0L, ((MemorySegment) loaded.call("t_h", "M_NULL")).address());
        assertEquals(4096L, ((MemorySegment) loaded.call("t_h", "M_ADDR")).address());
        assertEquals("hello \"world\"", ((MemorySegment) loaded.call("t_h", "M_STR")).getString(0));
    }

    @Test
    void macrosComeAfterTheOtherDeclarationsInHeaderOrder() {
        GeneratorFixture.Run run = fx.generate("""
                #define FIRST_MACRO 1
                #define SECOND_MACRO (FIRST_MACRO + 1)
                enum { AN_ENUM_CONSTANT = 3 };
                """);
        String h = run.source("t_h");
        int e = h.indexOf("AN_ENUM_CONSTANT()");
        int first = h.indexOf("FIRST_MACRO()");
        int second = h.indexOf("SECOND_MACRO()");
        assertEquals(true, e > 0 && e < first && first < second, h);
    }

    @Test
    void firstOfTwoConstantsWithTheSameNameWins() {
        GeneratorFixture.Run run = fx.generate("""
                enum { SAME = 1 };
                #define SAME 2
                """);
        String h = run.source("t_h");
        assertContains(h, "private static final int SAME = (int)1L;");
        assertEquals(h.indexOf("SAME()"), h.lastIndexOf("SAME()"), h);
    }

    @Test
    void definesFromTheCommandLineReachTheHeaderButAreNotConstants() {
        GeneratorFixture.Run run = fx.generate("""
                #ifdef WITH_EXTRA
                #define EXTRA (WITH_EXTRA + 1)
                #endif
                """, "-DWITH_EXTRA=41");
        String h = run.source("t_h");
        assertContains(h, "private static final int EXTRA = (int)42L;");
        assertLacks(h, "WITH_EXTRA()");
    }
}
