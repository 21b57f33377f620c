package io.github.aipc4j.generator;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole path: a tiny C library built with gcc, bindings generated for its header, and a Java driver compiled
 * against them (javac --release 22) that calls through the bindings in a fresh JVM. The driver loads the library
 * with {@code System.load} first: generated code without {@code -l} finds symbols through the loader lookup.
 */
class GeneratorEndToEndTest {
    private static final String HEADER = """
            #include <stdint.h>

            struct Point { int x; int y; };
            typedef struct { double re; double im; } Complex;
            typedef int (*binop)(int left, int right);

            struct Samples {
                int64_t count;
                short tag;
                int data[4];                 /* not at offset 0 */
                int (*reduce)(int a, int b); /* nested class Samples.reduce */
                union { int as_int; float as_float; };
            };

            #define SCALE (1ULL << 40)
            enum Status { STATUS_OK = 0, STATUS_ALL = 0xFFFFFFFFu };

            extern int counter;
            extern int table[3];

            int sum_point(struct Point p);
            struct Point make_point(int x, int y);
            Complex cmul(Complex a, Complex b);
            int apply(binop op, int a, int b);
            int fold(const struct Samples *s);
            int read_data(const struct Samples *s, int i);
            void fill_data(struct Samples *s, int base);
            int vsum(int n, ...);
            double vavg(int n, ...);
            void each(int n, void (*visit)(int index));
            void reset();
            int final(int class);
            int bump(void);
            int table_sum(void);
            long double precise(long double x);
            """;

    private static final String SOURCE = """
            #include <stdarg.h>
            #include "e2e.h"

            int counter = 5;
            int table[3] = {1, 2, 3};

            int sum_point(struct Point p) { return p.x + p.y; }
            struct Point make_point(int x, int y) { struct Point p = {x, y}; return p; }
            Complex cmul(Complex a, Complex b) {
                Complex c = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
                return c;
            }
            int apply(binop op, int a, int b) { return op(a, b); }
            int fold(const struct Samples *s) {
                int acc = s->data[0];
                for (int i = 1; i < 4; i++) acc = s->reduce(acc, s->data[i]);
                return acc;
            }
            int read_data(const struct Samples *s, int i) { return s->data[i]; }
            void fill_data(struct Samples *s, int base) {
                for (int i = 0; i < 4; i++) s->data[i] = base + i;
                s->count = 4;
                s->as_float = 0.5f;
            }
            int vsum(int n, ...) {
                va_list ap; va_start(ap, n);
                int total = 0;
                for (int i = 0; i < n; i++) total += va_arg(ap, int);
                va_end(ap);
                return total;
            }
            double vavg(int n, ...) {
                va_list ap; va_start(ap, n);
                double total = 0;
                for (int i = 0; i < n; i++) total += va_arg(ap, double);
                va_end(ap);
                return total / n;
            }
            void each(int n, void (*visit)(int index)) { for (int i = 0; i < n; i++) visit(i); }
            void reset() { counter = 0; }
            int final(int class) { return class * 2; }
            int bump(void) { return ++counter; }
            int table_sum(void) { return table[0] + table[1] + table[2]; }
            long double precise(long double x) { return x; }
            """;

    private static final String DRIVER = """
            import gen.*;
            import java.lang.foreign.*;
            import static gen.e2e_h.*;

            public class Driver {
                static void out(String key, Object value) {
                    System.out.println(key + "=" + value);
                }

                public static void main(String[] args) {
                    System.load(args[0]);
                    try (Arena arena = Arena.ofConfined()) {
                        // structs by value
                        MemorySegment p = Point.allocate(arena);
                        Point.x(p, 3);
                        Point.y(p, 4);
                        out("sum_point", sum_point(p));
                        MemorySegment made = make_point(arena, 10, 20);
                        out("make_point", Point.x(made) + "," + Point.y(made));
                        MemorySegment a = Complex.allocate(arena);
                        Complex.re(a, 1.0);
                        Complex.im(a, 2.0);
                        MemorySegment c = cmul(arena, a, a); // (1+2i)^2 = -3+4i
                        out("cmul", Complex.re(c) + "," + Complex.im(c));

                        // callbacks: a typedef'd function pointer, an upcall and a downcall through it
                        MemorySegment mul = binop.allocate((l, r) -> l * r, arena);
                        out("apply", apply(mul, 6, 7));
                        out("binop.invoke", binop.invoke(mul, 8, 9));
                        // an unnamed-typedef parameter: each$visit
                        StringBuilder visited = new StringBuilder();
                        each(3, each$visit.allocate(i -> visited.append(i), arena));
                        out("each", visited);

                        // struct with an array at a non-zero offset and a function-pointer field
                        MemorySegment s = Samples.allocate(arena);
                        out("data$offset", Samples.data$offset());
                        for (int i = 0; i < 4; i++) {
                            Samples.data(s, i, (i + 1) * 10);
                        }
                        out("read_data", read_data(s, 2));
                        Samples.reduce(s, Samples.reduce.allocate((x, y) -> x + y, arena));
                        out("fold", fold(s));
                        out("reduce.invoke", Samples.reduce.invoke(Samples.reduce(s), 2, 3));
                        fill_data(s, 100);
                        out("fill_data", Samples.data(s, 0) + "," + Samples.data(s, 3) + "," + Samples.count(s));
                        out("as_float", Samples.as_float(s));

                        // variadic functions
                        out("vsum", vsum.makeInvoker(C_INT, C_INT, C_INT).apply(3, 10, 20, 30));
                        out("vavg", vavg.makeInvoker(C_DOUBLE, C_DOUBLE).apply(2, 1.0, 2.0));

                        // globals, a no-prototype function, a mangled name
                        out("counter", counter());
                        out("bump", bump());
                        counter(41);
                        out("bump2", bump());
                        reset();
                        out("reset", counter());
                        table(1, 20);
                        out("table", table(0) + "," + table(1) + "," + table_sum());
                        out("final_", final_(21));

                        // constants
                        out("SCALE", SCALE());
                        out("STATUS_ALL", STATUS_ALL());
                    }
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void generatedBindingsCallIntoARealLibrary() throws Exception {
        Assertions.assertTrue(GeneratorFixture.hasGcc(), "gcc is needed to build the test library: apt-get install gcc");
        GeneratorFixture fx = new GeneratorFixture(tmp);
        Path header = fx.write("e2e.h", HEADER);
        Path library = fx.gcc(fx.write("e2e.c", SOURCE), "libe2e.so");
        GeneratorFixture.Run run = fx.generate(header);
        GeneratorFixture.assertContains(run.err(), "warning: Skipping precise (type long double is not supported)");

        Path classes = tmp.resolve("classes");
        List<Path> sources = new ArrayList<>(run.sources());
        sources.add(fx.write("driver/Driver.java", DRIVER));
        GeneratorFixture.compile(sources, classes);

        GeneratorFixture.Result result = GeneratorFixture.java(List.of(classes), "Driver", library.toString());
        assertEquals(0, result.exitCode(), result.all());
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sum_point", "7");
        expected.put("make_point", "10,20");
        expected.put("cmul", "-3.0,4.0");
        expected.put("apply", "42");
        expected.put("binop.invoke", "72");
        expected.put("each", "012");
        expected.put("data$offset", "12");
        expected.put("read_data", "30");
        expected.put("fold", "100");
        expected.put("reduce.invoke", "5");
        expected.put("fill_data", "100,103,4");
        expected.put("as_float", "0.5");
        expected.put("vsum", "60");
        expected.put("vavg", "1.5");
        expected.put("counter", "5");
        expected.put("bump", "6");
        expected.put("bump2", "42");
        expected.put("reset", "0");
        expected.put("table", "1,20,24");
        expected.put("final_", "42");
        expected.put("SCALE", "1099511627776");
        expected.put("STATUS_ALL", "-1");
        assertEquals(expected, values, result.all());
    }
}
