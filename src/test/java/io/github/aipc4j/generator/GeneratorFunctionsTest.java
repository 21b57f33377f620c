package io.github.aipc4j.generator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

import static io.github.aipc4j.generator.GeneratorFixture.assertContains;
import static io.github.aipc4j.generator.GeneratorFixture.assertLacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functions, function pointers, globals, typedefs and names, one construct per test, checked on the generated
 * source (and compiled, so that the shape is also valid Java). Calls through them are the end-to-end test's.
 */
class GeneratorFunctionsTest {
    @TempDir
    Path tmp;
    private GeneratorFixture fx;

    @BeforeEach
    void fixture() {
        fx = new GeneratorFixture(tmp);
    }

    @Test
    void plainFunctionHasHolderDescriptorHandleAddressAndWrapper() {
        GeneratorFixture.Run run = fx.generate("""
                double scale(double value, int times, const char *label, unsigned long n);
                """);
        String h = run.source("t_h");
        assertContains(h, """
                private static class scale {
                    public static final FunctionDescriptor DESC = FunctionDescriptor.of(
                        t_h.C_DOUBLE,
                        t_h.C_DOUBLE,
                        t_h.C_INT,
                        t_h.C_POINTER,
                        t_h.C_LONG
                    );

                    public static final MemorySegment ADDR = t_h.findOrThrow("scale");""",
                "public static FunctionDescriptor scale$descriptor() {", "public static MethodHandle scale$handle() {",
                "public static MemorySegment scale$address() {",
                "public static double scale(double value, int times, MemorySegment label, long n) {",
                "traceDowncall(\"scale\", value, times, label, n);",
                "return (double) mh$.invokeExact(value, times, label, n);");
        fx.load(run); // compiles
    }

    @Test
    void structsByValueArePassedAsSegmentsAndReturnedThroughAnAllocator() {
        GeneratorFixture.Run run = fx.generate("""
                struct Point { int x; int y; };
                int sum_point(struct Point p);
                struct Point make_point(int x, int y);
                struct Point shift(struct Point allocator, int by);
                """);
        String h = run.source("t_h");
        assertContains(h, "public static int sum_point(MemorySegment p) {",
                "public static MemorySegment make_point(SegmentAllocator allocator, int x, int y) {",
                "return (MemorySegment) mh$.invokeExact(allocator, x, y);",
                "public static MemorySegment shift(SegmentAllocator _allocator, MemorySegment allocator, int by) {",
                """
                FunctionDescriptor.of(
                    Point.layout(),
                    t_h.C_INT,
                    t_h.C_INT
                );""");
        fx.load(run);
    }

    @Test
    void functionPointerTypedefBecomesAClassWithFunctionAllocateAndInvoke() {
        GeneratorFixture.Run run = fx.generate("""
                typedef int (*binop)(int left, int right);
                int fold(binop op, int seed);
                """);
        String binop = run.source("binop");
        assertContains(binop, "public class binop {", "public interface Function {",
                "int apply(int left, int right);",
                "private static final MethodHandle UP$MH = t_h.upcallHandle(binop.Function.class, \"apply\", $DESC);",
                "public static MemorySegment allocate(binop.Function fi, Arena arena) {",
                "public static int invoke(MemorySegment funcPtr, int left, int right) {");
        assertContains(run.source("t_h"), "public static int fold(MemorySegment op, int seed) {");
        assertFalse(run.files().containsKey("fold$op"), "a typedef'd parameter reuses the typedef's class");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                loaded.call("binop", "descriptor"));
    }

    @Test
    void functionPointerFieldsGetNestedClassesUnlessTypedefd() {
        GeneratorFixture.Run run = fx.generate("""
                typedef void (*notify_fn)(int code);
                struct Ops {
                    int (*mul)(int a, int b);
                    notify_fn notify;
                    struct Ops *(*self)(void);
                };
                """);
        String ops = run.source("Ops");
        assertContains(ops, "public static class mul {", "int apply(int _x0, int _x1);",
                "public static int invoke(MemorySegment funcPtr, int _x0, int _x1) {",
                "Ops.mul.Function fi", "public static MemorySegment mul(MemorySegment struct) {",
                "public static class self {", "public static MemorySegment notify(MemorySegment struct) {");
        assertLacks(ops, "class notify ");
        assertTrue(run.files().containsKey("notify_fn"));
        assertTrue(ops.indexOf("public static class mul {") < ops.indexOf("mul$LAYOUT"),
                "the nested class comes before the field's accessors");
        fx.load(run);
    }

    @Test
    void functionPointerParametersReturnsAndGlobalsGetClassesNamedAfterThem() {
        GeneratorFixture.Run run = fx.generate("""
                void on_event(void (*callback)(const char *message, int level), void (*)(void));
                int (*pick(int which))(int);
                extern double (*current_filter)(double);
                """);
        assertTrue(run.files().keySet().containsAll(List.of("on_event$callback", "on_event$x1", "pick$return",
                "current_filter")), run.files().keySet().toString());
        assertContains(run.source("on_event$callback"), "void apply(MemorySegment _x0, int _x1);");
        assertContains(run.source("t_h"), "public static void on_event(MemorySegment callback, MemorySegment x1) {",
                "public static MemorySegment pick(int which) {", "public static MemorySegment current_filter() {");
        fx.load(run);
    }

    @Test
    void variadicFunctionBecomesAnInvokerClass() {
        GeneratorFixture.Run run = fx.generate("""
                int vsum(int count, ...);
                """);
        String h = run.source("t_h");
        assertContains(h, "public static class vsum {",
                "private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(",
                "public static vsum makeInvoker(MemoryLayout... layouts) {",
                "Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());",
                "public int apply(int count, Object... x1) {",
                "return (int) spreader.invokeExact(count, x1);");
        assertLacks(h, "vsum$descriptor", "public static int vsum(");
        fx.load(run);
    }

    @Test
    void variadicCallbackWithNamedParametersSkipsTheFunction() {
        GeneratorFixture.Run run = fx.generate("""
                void set_logger(void (*log)(const char *fmt, ...));
                int kept(void);
                """);
        assertContains(run.err(), "warning: Skipping set_logger (variadic callback is not supported)");
        assertLacks(run.source("t_h"), "set_logger");
        assertContains(run.source("t_h"), "public static int kept() {");
    }

    @Test
    void noPrototypeFunctionIsBoundAsAPlainNoArgumentFunction() {
        GeneratorFixture.Run run = fx.generate("""
                void shutdown_all();
                """);
        String h = run.source("t_h");
        assertContains(h, "public static void shutdown_all() {", "FunctionDescriptor.ofVoid()",
                "mh$.invokeExact();");
        assertLacks(h, "BASE_DESC", "makeInvoker");
        fx.load(run);
    }

    @Test
    void globalVariablesHaveLayoutSegmentGetterAndSetter() {
        GeneratorFixture.Run run = fx.generate("""
                struct Point { int x; int y; };
                extern int counter;
                extern const char *greeting;
                extern struct Point origin;
                extern int table[3];
                extern struct Point corners[2][2];
                static int hidden;
                """);
        String h = run.source("t_h");
        assertContains(h, "private static class counter$constants {",
                "public static final MemorySegment SEGMENT = t_h.findOrThrow(\"counter\").reinterpret(LAYOUT.byteSize());",
                "public static OfInt counter$layout() {", "public static MemorySegment counter$segment() {",
                "public static int counter() {", "public static void counter(int varValue) {",
                "public static MemorySegment greeting() {",
                "public static GroupLayout origin$layout() {", "public static MemorySegment origin() {",
                "public static void origin(MemorySegment varValue) {",
                "public static long[] table$dimensions() {",
                // found by these tests: array globals lacked jextract's indexed accessors
                "public static int table(long index0) {",
                "return (int)table$constants.HANDLE.get(table$constants.SEGMENT, 0L, index0);",
                "public static void table(long index0, int varValue) {",
                "public static MemorySegment corners(long index0, long index1) {",
                "public static void corners(long index0, long index1, MemorySegment varValue) {",
                "MemorySegment.copy(varValue, 0L, corners(index0, index1), 0L, Point.layout().byteSize());");
        assertLacks(h, "origin$segment", "table$segment", "hidden");
        fx.load(run);
    }

    @Test
    void primitiveAndPointerTypedefsAreLayoutFields() {
        GeneratorFixture.Run run = fx.generate("""
                typedef unsigned int u32;
                typedef long long i64;
                typedef u32 flags_t;
                typedef void *handle_t;
                typedef struct Opaque *opaque_ptr;
                """);
        assertContains(run.source("t_h"), "public static final OfInt u32 = t_h.C_INT;",
                "public static final OfLong i64 = t_h.C_LONG_LONG;", "public static final OfInt flags_t = t_h.C_INT;",
                "public static final AddressLayout handle_t = t_h.C_POINTER;",
                "public static final AddressLayout opaque_ptr = t_h.C_POINTER;");
        assertEquals(List.of("t_h"), List.copyOf(run.files().keySet()));
    }

    @Test
    void javaKeywordsAndJavaLangNamesAreMangledWithAnUnderscore() {
        GeneratorFixture.Run run = fx.generate("""
                struct native { int class; int new; };
                typedef struct { int x; } synchronized;
                typedef int (*assert)(int this);
                struct String { char *chars; };
                struct Wrap { struct { int a; } package; };
                int final(int class, int new, struct native *switch_);
                extern int transient;
                enum { abstract = 1 };
                #define instanceof 7
                """);
        // found by these tests: class names (struct tags, typedef names) were not mangled, so this did not compile
        assertTrue(run.files().keySet().containsAll(List.of("native_", "synchronized_", "assert_", "String_")),
                run.files().keySet().toString());
        assertContains(run.source("native_"), "public class native_ {", ".withName(\"native\");",
                "public static int class_(MemorySegment struct) {", "groupElement(\"class\")",
                "public static void new_(MemorySegment struct, int fieldValue) {");
        assertContains(run.source("assert_"), "int apply(int this_);");
        assertContains(run.source("Wrap"), "public static class package_ {", "Wrap.package_.layout().withName(\"package\")",
                "public static MemorySegment package_(MemorySegment struct) {");
        assertContains(run.source("t_h"), "public static int final_(int class_, int new_, MemorySegment switch_) {",
                "t_h.findOrThrow(\"final\")", "public static int transient_() {", "public static int abstract_() {",
                "public static int instanceof_() {");
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(8L, loaded.call("native_", "sizeof"));
        assertEquals(7, loaded.call("t_h", "instanceof_"));
    }

    @Test
    void longDoubleAndInt128AreSkippedWithAWarning() {
        GeneratorFixture.Run run = fx.generate("""
                long double precise(long double x);
                extern __int128 big;
                typedef long double real_t;
                int fine(int x);
                struct Mixed { int a; long double b; int c; };
                """);
        assertContains(run.err(), "t.h:1:13: warning: Skipping precise (type long double is not supported)",
                "t.h:2:17: warning: Skipping big (type __int128 is not supported)",
                "warning: Skipping real_t (type long double is not supported)");
        String h = run.source("t_h");
        assertLacks(h, "precise", "big", "real_t");
        assertContains(h, "public static int fine(int x) {");
        // an unsupported field is padding; the fields around it keep their offsets
        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(32L, loaded.call("Mixed", "c$offset"));
        assertEquals(48L, loaded.call("Mixed", "sizeof"));
    }

    @Test
    void opaqueStructsNeedNoClassAndPointersToThemArePlainPointers() {
        GeneratorFixture.Run run = fx.generate("""
                typedef struct Engine Engine;
                Engine *engine_create(const char *name);
                void engine_free(Engine *engine);
                """);
        assertEquals(List.of("t_h"), List.copyOf(run.files().keySet()));
        assertContains(run.source("t_h"), "public static MemorySegment engine_create(MemorySegment name) {",
                "public static void engine_free(MemorySegment engine) {");
    }
}
