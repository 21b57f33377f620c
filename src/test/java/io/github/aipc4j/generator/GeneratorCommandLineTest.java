package io.github.aipc4j.generator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.github.aipc4j.generator.GeneratorFixture.assertContains;
import static io.github.aipc4j.generator.GeneratorFixture.assertLacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jextract's command line: include filters, --dump-includes and @argfiles, splitting, determinism, exit codes. */
class GeneratorCommandLineTest {
    private static final String HEADER = """
            #define LIMIT 10
            enum Mode { MODE_A, MODE_B };
            struct Point { int x; int y; };
            union Bits { int i; float f; };
            typedef struct Point Point_t;
            typedef int (*cb_t)(int);
            typedef unsigned long size_type;
            extern int counter;
            int add(int a, int b);
            int sub(int a, int b);
            int norm(struct Point p);
            """;

    @TempDir
    Path tmp;
    private GeneratorFixture fx;

    @BeforeEach
    void fixture() {
        fx = new GeneratorFixture(tmp);
    }

    @Test
    void includeFunctionKeepsOnlyThatFunction() {
        GeneratorFixture.Run run = fx.generate(HEADER, "--include-function", "add");
        assertEquals(List.of("t_h"), List.copyOf(run.files().keySet()));
        String h = run.source("t_h");
        assertContains(h, "public static int add(int a, int b) {");
        assertLacks(h, "sub(", "counter", "LIMIT", "MODE_A", "size_type", "norm");
    }

    @Test
    void includeFiltersOfEachKindKeepTheirDeclarations() {
        GeneratorFixture.Run run = fx.generate(HEADER, "--include-constant", "MODE_B", "--include-constant", "LIMIT",
                "--include-var", "counter", "--include-typedef", "cb_t", "--include-typedef", "size_type",
                "--include-struct", "Point", "--include-union", "Bits");
        assertEquals(List.of("Bits", "Point", "cb_t", "t_h"), List.copyOf(run.files().keySet()));
        String h = run.source("t_h");
        assertContains(h, "public static int MODE_B() {", "public static int LIMIT() {", "public static int counter() {",
                "public static final OfLong size_type = t_h.C_LONG;");
        assertLacks(h, "MODE_A", "add(", "norm(");
    }

    @Test
    void includingAFunctionWithoutTheStructItTakesByValueFails() {
        Path header = fx.write("t.h", HEADER);
        Path output = tmp.resolve("out");
        GeneratorFixture.Run run = fx.run(output, List.of("-t", GeneratorFixture.PACKAGE, "--output", output.toString(),
                "--include-function", "norm", header.toString()));
        assertEquals(1, run.exitCode(), run.err());
        assertContains(run.err(), "norm depends on Point which has been excluded");
        assertTrue(run.files().isEmpty(), run.files().keySet().toString());
    }

    @Test
    void dumpIncludesListsEveryDeclarationAndFeedingItBackReproducesTheOutput() throws Exception {
        Path header = fx.write("t.h", HEADER).toAbsolutePath().normalize();
        Path dump = tmp.resolve("includes.txt");
        GeneratorFixture.Run dumped = fx.run(null, List.of("--dump-includes", dump.toString(), header.toString()));
        assertEquals(0, dumped.exitCode(), dumped.err());
        String text = Files.readString(dump, StandardCharsets.UTF_8);
        // jextract's IncludeHelper: per header, the option padded to (longest name + 2 + 16 + 1) = 28, a space, then
        // "# header: <path>"; kinds in CONSTANT, VAR, FUNCTION, TYPEDEF, STRUCT, UNION order, names sorted
        StringBuilder expected = new StringBuilder("#### Extracted from: " + header + "\n\n");
        for (String option : List.of("--include-constant LIMIT", "--include-constant MODE_A", "--include-constant MODE_B",
                "--include-var counter", "--include-function add", "--include-function norm", "--include-function sub",
                "--include-typedef Point_t", "--include-typedef cb_t", "--include-typedef size_type",
                "--include-struct Point", "--include-union Bits")) {
            expected.append(String.format("%-28s %s", option, "# header: " + header + "\n"));
        }
        assertEquals(expected.toString(), text);
        assertEquals(29, text.lines().skip(2).findFirst().orElseThrow().indexOf('#'));
        assertTrue(dumped.files().isEmpty());

        GeneratorFixture.Run unfiltered = fx.generate(header);
        GeneratorFixture.Run filtered = fx.generate(header, "@" + dump);
        assertEquals(unfiltered.files(), filtered.files());
    }

    @Test
    void argfilesAreTokenizedWithQuotesAndComments() {
        Path header = fx.write("dir with space/t.h", "int add(int a, int b);\nint sub(int a, int b);\n");
        Path output = tmp.resolve("out");
        Path args = fx.write("gen.args", """
                # comment line
                -t %s --output %s
                --include-function sub   # trailing comment
                --header-class-name 'my_api'
                "%s"
                """.formatted(GeneratorFixture.PACKAGE, output, header));
        GeneratorFixture.Run run = fx.run(output, List.of("@" + args));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("my_api"), List.copyOf(run.files().keySet()));
        assertContains(run.source("my_api"), "public class my_api {", "public static int sub(int a, int b) {");
        assertLacks(run.source("my_api"), "add(");
    }

    @Test
    void headerClassIsSplitPastTheDeclarationsPerHeaderProperty() {
        String previous = System.getProperty("jextract.decls.per.header");
        GeneratorFixture.Run run;
        try {
            System.setProperty("jextract.decls.per.header", "2");
            // five declarations: two functions, a variable, a constant, a typedef → chunks of 2, 2, 1
            run = fx.generate("""
                    int one(void);
                    int two(void);
                    extern int three;
                    enum { FOUR = 4 };
                    typedef int five_t;
                    """);
        } finally {
            if (previous == null) {
                System.clearProperty("jextract.decls.per.header");
            } else {
                System.setProperty("jextract.decls.per.header", previous);
            }
        }
        assertEquals(List.of("t_h", "t_h_1", "t_h_2"), List.copyOf(run.files().keySet()));
        String last = run.source("t_h_2");
        String middle = run.source("t_h_1");
        String main = run.source("t_h");
        assertContains(last, "public class t_h_2 {", "static final SymbolLookup SYMBOL_LOOKUP",
                "public static final ValueLayout.OfInt C_INT", "public static int one() {", "public static int two() {");
        assertContains(middle, "public class t_h_1 extends t_h_2 {", "public static int three() {",
                "public static int FOUR() {");
        assertContains(main, "public class t_h extends t_h_1 {", "public static final OfInt five_t = t_h.C_INT;");
        assertLacks(main + middle, "SYMBOL_LOOKUP =", "C_INT =");

        GeneratorFixture.Loaded loaded = fx.load(run);
        assertEquals(4, loaded.call("t_h", "FOUR")); // inherited through the chain
    }

    @Test
    void twoRunsProduceByteIdenticalOutput() {
        String header = HEADER + """
                struct Nested { struct { int a; } inner; union { int u; float v; }; int (*fn)(int); };
                int vf(int n, ...);
                """;
        GeneratorFixture.Run first = fx.generate(header);
        GeneratorFixture.Run second = fx.generate(header);
        assertEquals(first.files().keySet(), second.files().keySet());
        for (String name : first.files().keySet()) {
            assertEquals(first.source(name), second.source(name), name);
        }
    }

    @Test
    void badOptionsExitWithTwo() {
        Path header = fx.write("t.h", "int f(void);\n");
        List<List<String>> bad = List.of(
                List.of("--no-such-option", header.toString()),
                List.of("-t"),
                List.of("-t", "--output", "x", header.toString()),
                List.of("--output", tmp.toString()),
                List.of(header.toString(), header.toString()),
                List.of("@" + tmp.resolve("missing.args"), header.toString()));
        for (List<String> args : bad) {
            GeneratorFixture.Run run = fx.run(null, args);
            assertEquals(2, run.exitCode(), args + " → " + run.err());
            assertTrue(run.err().startsWith("error: "), run.err());
        }
    }

    @Test
    void versionAndHelpExitWithZero() {
        GeneratorFixture.Run version = fx.run(null, List.of("--version"));
        assertEquals(0, version.exitCode());
        assertContains(version.out(), "libclang: ");
        assertEquals(0, fx.run(null, List.of("--help")).exitCode());
    }

    @Test
    void headerWithASyntaxErrorExitsWithFourAndWritesNothing() {
        Path header = fx.write("t.h", "int ok(void);\nint broken(int x;\n");
        Path output = tmp.resolve("out");
        GeneratorFixture.Run run = fx.run(output, List.of("-t", GeneratorFixture.PACKAGE, "--output", output.toString(),
                header.toString()));
        assertEquals(4, run.exitCode(), run.err());
        assertContains(run.err(), "t.h:2:", "error:");
        assertTrue(!Files.exists(output), "nothing written");
    }

    @Test
    void missingHeaderIsAClangError() {
        Path output = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("--output", output.toString(), tmp.resolve("absent.h").toString()));
        assertEquals(4, fx.run(output, args).exitCode());
    }
}
