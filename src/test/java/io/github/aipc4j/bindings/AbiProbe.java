package io.github.aipc4j.bindings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The ABI of one header set two ways: as the generated Java bindings describe it, and as gcc computes it from the
 * same C headers.
 *
 * <p>The checks come from the set's generator argument file ({@code src/generator/args/SET.args}): for every
 * {@code --include-struct}/{@code --include-union} and every {@code --include-typedef} whose class has
 * {@code layout()}, its size, alignment, and the offset and size of every named member (through anonymous members,
 * which C reaches directly, and into named nested structs as {@code outer.inner}); for every
 * {@code --include-constant}, its value. Each check has a key and a value in one line of text,
 * {@code KEY VALUE}:
 * <pre>
 * size T 16            sizeof(T)
 * align T 8            _Alignof(T)
 * offset T f 8         offsetof(T, f)
 * fieldsize T f 4      sizeof(((T *) 0)-&gt;f)
 * const NAME 3         an integer constant (signed or unsigned, as C types it)
 * const NAME f:0x1p+0  a floating constant, C's %a
 * const NAME "a\x20b"  a string constant, bytes outside printable ASCII (and " \ space) as \xHH
 * </pre>
 * A C program prints exactly these lines (one per check), which is also the format of the committed expectation
 * files under {@code src/test/resources/abi/} for header sets that CI has no header for.
 */
final class AbiProbe {
    /** The argument file's declarations, paths and names. */
    record HeaderSet(String name, Path root, Path header, List<Path> includeDirs, List<String> defines,
                     String targetPackage, String headerClass, List<Record> records, List<String> constants) {
        /** The set's header folder, {@code native/headers/SET}. */
        Path headerDir() {
            return root.resolve("native/headers").resolve(name);
        }

        String headerRelative() {
            return root.relativize(header).toString();
        }
    }

    /** A struct, union or typedef named by the argument file; {@code cType} is how C spells the type. */
    record Record(String kind, String name) {
        String cType() {
            return switch (kind) {
                case "struct", "union" -> kind + " " + name;
                default -> name;
            };
        }
    }

    /**
     * One check: its key ({@code "offset OrtApi CreateStatus"}), the C statement that prints its line, and what
     * the Java bindings say (a {@link Long} for layouts; for constants the getter's result, boxed).
     */
    record Check(String key, String cStatement, Object javaValue) {
    }

    /** The checks of a set, and what could not be turned into a check at all (a class or getter missing). */
    record JavaSide(HeaderSet set, List<Check> checks, List<String> problems, int records, int fields,
                    int constants, List<String> skipped) {
    }

    /**
     * Constants gcc cannot reproduce, with the reason. Kept tiny on purpose: anything else that fails to compile is a
     * finding.
     */
    static final Map<String, Map<String, String>> SKIPPED_CONSTANTS = Map.of(
            "onnxruntime", Map.of(
                    // #define ORT_FILE ORT_FILE_INTERNAL(__FILE__): the name of whichever file the preprocessor is in
                    // when it expands the macro. The generator expanded it in its own scratch file
                    // ("jextract$macro.h"), gcc would give the probe's file name: there is no value to agree on.
                    "ORT_FILE", "expands to __FILE__, the file being preprocessed, so it has no fixed value"));

    private static final String ARGS_DIR = "src/generator/args";

    private AbiProbe() {
    }

    // ---------------------------------------------------------------------------------------------------- argfile

    /** The project root: the working directory (Surefire's is the base directory) or the first folder above it. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(ARGS_DIR))) {
                return d;
            }
        }
        throw new IllegalStateException("no " + ARGS_DIR + " in " + dir + " or any folder above it");
    }

    /** Reads {@code src/generator/args/SET.args}: paths there are relative to the project root. */
    static HeaderSet load(Path root, String set) {
        Path argFile = root.resolve(ARGS_DIR).resolve(set + ".args");
        List<String> tokens = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(argFile)) {
                int hash = line.indexOf('#');
                String content = hash >= 0 ? line.substring(0, hash) : line;
                for (String t : content.strip().split("\\s+")) {
                    if (!t.isEmpty()) {
                        tokens.add(t);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + argFile, e);
        }
        Path header = null;
        String pkg = null;
        String headerClass = null;
        List<Path> includes = new ArrayList<>();
        List<String> defines = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        List<String> constants = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            switch (t) {
                case "-t", "--target-package" -> pkg = tokens.get(++i);
                case "--header-class-name" -> headerClass = tokens.get(++i);
                case "-I", "--include-dir" -> includes.add(root.resolve(tokens.get(++i)).normalize());
                case "-D", "--define-macro" -> defines.add(tokens.get(++i));
                case "--include-struct" -> records.add(new Record("struct", tokens.get(++i)));
                case "--include-union" -> records.add(new Record("union", tokens.get(++i)));
                case "--include-typedef" -> records.add(new Record("typedef", tokens.get(++i)));
                case "--include-constant" -> constants.add(tokens.get(++i));
                case "--include-function", "--include-var", "-l", "--library", "--output", "--dump-includes" -> i++;
                default -> {
                    if (t.startsWith("-I")) {
                        includes.add(root.resolve(t.substring(2)).normalize());
                    } else if (t.startsWith("-D")) {
                        defines.add(t.substring(2));
                    } else if (t.startsWith("-t")) {
                        pkg = t.substring(2);
                    } else if (!t.startsWith("-")) {
                        header = root.resolve(t).normalize();
                    }
                }
            }
        }
        if (header == null || pkg == null) {
            throw new IllegalStateException(argFile + " names no header file or no target package (-t)");
        }
        if (headerClass == null) {
            headerClass = header.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
        }
        return new HeaderSet(set, root, header, List.copyOf(includes), List.copyOf(defines), pkg, headerClass,
                List.copyOf(records), List.copyOf(constants));
    }

    // ------------------------------------------------------------------------------------------------- Java side

    /** Every check of the set, with the Java bindings' values. Loads the generated classes; touches no library. */
    static JavaSide javaSide(HeaderSet set) {
        List<Check> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int records = 0;
        int fields = 0;
        ClassLoader loader = AbiProbe.class.getClassLoader();
        for (Record r : set.records()) {
            GroupLayout layout;
            try {
                Class<?> c = Class.forName(set.targetPackage() + "." + r.name(), true, loader);
                Method m = c.getMethod("layout");
                if (!Modifier.isStatic(m.getModifiers()) || !GroupLayout.class.isAssignableFrom(m.getReturnType())) {
                    throw new NoSuchMethodException(c.getName() + ".layout() is not static or not a GroupLayout");
                }
                layout = (GroupLayout) m.invoke(null);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                if (!r.kind().equals("typedef")) {
                    // a struct or union the argument file asks for must have a class with layout()
                    problems.add(r.kind() + " " + r.name() + ": no generated class with a static layout() ("
                                 + e.getMessage() + ")");
                }
                // a typedef without such a class is a scalar, pointer or function-pointer typedef: nothing to lay out
                continue;
            } catch (IllegalAccessException | InvocationTargetException e) {
                problems.add(r.kind() + " " + r.name() + ": layout() failed: " + e);
                continue;
            }
            records++;
            String t = r.cType();
            checks.add(new Check("size " + r.name(), "abi_u(\"size " + r.name() + "\", sizeof(" + t + "));",
                    layout.byteSize()));
            checks.add(new Check("align " + r.name(), "abi_u(\"align " + r.name() + "\", _Alignof(" + t + "));",
                    layout.byteAlignment()));
            fields += members(r.name(), t, layout, 0, "", checks);
        }
        int constants = 0;
        Class<?> header;
        try {
            header = Class.forName(set.targetPackage() + "." + set.headerClass(), true, loader);
        } catch (ClassNotFoundException e) {
            problems.add("header class " + set.targetPackage() + "." + set.headerClass() + " is missing");
            return new JavaSide(set, checks, problems, records, fields, 0, skipped);
        }
        Map<String, String> skip = SKIPPED_CONSTANTS.getOrDefault(set.name(), Map.of());
        for (String name : set.constants()) {
            if (skip.containsKey(name)) {
                skipped.add(name + " (" + skip.get(name) + ")");
                continue;
            }
            Object value;
            try {
                Method m = header.getMethod(name);
                if (!Modifier.isStatic(m.getModifiers())) {
                    throw new NoSuchMethodException(name + "() is not static");
                }
                value = m.invoke(null);
            } catch (NoSuchMethodException e) {
                problems.add("const " + name + ": no static getter " + header.getSimpleName() + "." + name + "()");
                continue;
            } catch (IllegalAccessException | InvocationTargetException e) {
                problems.add("const " + name + ": getter failed: " + e);
                continue;
            }
            if (!(value instanceof Number || value instanceof Character || value instanceof Boolean
                  || value instanceof MemorySegment)) {
                problems.add("const " + name + ": getter returns " + (value == null ? "null" : value.getClass())
                             + ", neither a number nor a string");
                continue;
            }
            constants++;
            checks.add(new Check("const " + name, "ABI_CONST(\"const " + name + "\", (" + name + "));", value));
        }
        return new JavaSide(set, checks, problems, records, fields, constants, skipped);
    }

    /**
     * Offset and size checks for the named members of {@code group}, which lies at {@code base} in the top-level
     * record; {@code prefix} is the C member designator up to it ("" or "outer."). Returns how many members.
     */
    private static int members(String record, String cType, GroupLayout group, long base, String prefix,
                               List<Check> checks) {
        int count = 0;
        List<MemoryLayout> members = group.memberLayouts();
        for (int i = 0; i < members.size(); i++) {
            MemoryLayout m = members.get(i);
            if (m instanceof PaddingLayout) {
                continue;
            }
            long offset = base + group.byteOffset(MemoryLayout.PathElement.groupElement(i));
            String name = m.name().orElse("");
            if (name.isEmpty() || name.startsWith("$anon$")) {
                // C11 anonymous struct/union: its members are members of the enclosing record in C
                if (m instanceof GroupLayout g) {
                    count += members(record, cType, g, offset, prefix, checks);
                }
                continue;
            }
            String path = prefix + name;
            String key = record + " " + path;
            checks.add(new Check("offset " + key,
                    "abi_u(\"offset " + key + "\", offsetof(" + cType + ", " + path + "));", offset));
            checks.add(new Check("fieldsize " + key,
                    "abi_u(\"fieldsize " + key + "\", sizeof(((" + cType + " *) 0)->" + path + "));",
                    m.byteSize()));
            count++;
            if (m instanceof GroupLayout g) {
                count += members(record, cType, g, offset, path + ".", checks);
            }
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------------- C side

    /** The C program that prints one line per check. */
    static String cProgram(HeaderSet set, List<Check> checks) {
        StringBuilder c = new StringBuilder();
        c.append("/* ABI probe for ").append(set.headerRelative()).append(", generated by ")
                .append(AbiProbe.class.getName()).append(" */\n");
        c.append("#include <stdio.h>\n#include <stddef.h>\n");
        c.append("#include \"").append(set.header().toAbsolutePath()).append("\"\n");
        c.append("""
                static void abi_s(const char *k, long long v) { printf("%s %lld\\n", k, v); }
                static void abi_u(const char *k, unsigned long long v) { printf("%s %llu\\n", k, v); }
                static void abi_f(const char *k, double v) { printf("%s f:%a\\n", k, v); }
                static void abi_str(const char *k, const char *v) {
                    printf("%s \\"", k);
                    for (const unsigned char *p = (const unsigned char *) v; *p; p++) {
                        if (*p > ' ' && *p < 0x7f && *p != '"' && *p != '\\\\') putchar(*p);
                        else printf("\\\\x%02x", *p);
                    }
                    printf("\\"\\n");
                }
                /* C decides how a constant prints, whatever the Java getter returns */
                #define ABI_CONST(k, x) _Generic((x), \\
                    char *: abi_str, const char *: abi_str, \\
                    float: abi_f, double: abi_f, long double: abi_f, \\
                    unsigned char: abi_u, unsigned short: abi_u, unsigned int: abi_u, \\
                    unsigned long: abi_u, unsigned long long: abi_u, \\
                    default: abi_s)(k, x)
                int main(void) {
                """);
        for (Check check : checks) {
            c.append("    ").append(check.cStatement()).append('\n');
        }
        c.append("    return 0;\n}\n");
        return c.toString();
    }

    /**
     * Compiles and runs the set's probe in {@code workDir}; returns its lines as key to value. Throws
     * IllegalStateException, with a message saying what to do, when gcc or the header is missing or gcc fails.
     */
    static Map<String, String> runGcc(HeaderSet set, List<Check> checks, Path workDir) {
        if (!Files.isDirectory(set.headerDir()) || !Files.isRegularFile(set.header())) {
            throw new IllegalStateException("the C headers for " + set.name() + " are missing (" + set.headerRelative()
                    + "); create them with `python3 native/headers.py "
                    + (set.name().equals("onnxruntime-genai")
                       ? "--genai-repo <onnxruntime-genai checkout> onnxruntime-genai"
                       : "onnxruntime openvino") + "` in " + set.root());
        }
        try {
            Path source = workDir.resolve("abi_" + set.name().replace('-', '_') + ".c");
            Path binary = workDir.resolve("abi_" + set.name().replace('-', '_'));
            Files.writeString(source, cProgram(set, checks));
            List<String> gcc = new ArrayList<>(List.of("gcc", "-std=gnu11", "-w", "-O0"));
            for (Path dir : set.includeDirs()) {
                gcc.add("-I" + dir.toAbsolutePath());
            }
            for (String d : set.defines()) {
                gcc.add("-D" + d);
            }
            gcc.addAll(List.of("-o", binary.toString(), source.toString()));
            Output compiled;
            try {
                compiled = exec(gcc, set.root());
            } catch (IOException e) {
                throw new IllegalStateException("gcc is not installed or not on PATH (" + e.getMessage()
                        + "); the ABI checks compile the C headers with it: install gcc (Debian/Ubuntu: "
                        + "apt-get install gcc)", e);
            }
            if (compiled.exitCode != 0) {
                throw new IllegalStateException("gcc could not compile the ABI probe for " + set.headerRelative()
                        + " (exit " + compiled.exitCode + "):\n" + truncate(compiled.stderr + compiled.stdout));
            }
            Output ran = exec(List.of(binary.toString()), set.root());
            if (ran.exitCode != 0) {
                throw new IllegalStateException("the ABI probe for " + set.name() + " exited with " + ran.exitCode
                        + ":\n" + truncate(ran.stderr));
            }
            return parse(ran.stdout.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Output(int exitCode, String stdout, String stderr) {
    }

    private static Output exec(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
        return new Output(p.exitValue(), out, err.join());
    }

    private static String truncate(String s) {
        return s.length() <= 6000 ? s : s.substring(0, 6000) + "\n[... " + (s.length() - 6000) + " more chars]";
    }

    // ---------------------------------------------------------------------------------- expectation lines, compare

    /** Key of an expectation line: kind and subject, i.e. all but the value. */
    static String keyOf(String line) {
        String[] t = line.split(" ", 4);
        int keyTokens = switch (t[0]) {
            case "offset", "fieldsize" -> 3;
            case "size", "align", "const" -> 2;
            default -> throw new IllegalArgumentException("not an ABI expectation line: " + line);
        };
        if (t.length <= keyTokens) {
            throw new IllegalArgumentException("ABI expectation line without a value: " + line);
        }
        int end = 0;
        for (int i = 0; i < keyTokens; i++) {
            end = line.indexOf(' ', end) + 1;
        }
        return line.substring(0, end - 1);
    }

    /** Expectation lines (blank lines and {@code #} comments ignored) as key to value, in order. */
    static Map<String, String> parse(List<String> lines) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String key = keyOf(line);
            if (map.put(key, line.substring(key.length() + 1)) != null) {
                throw new IllegalArgumentException("duplicate ABI expectation: " + key);
            }
        }
        return map;
    }

    /**
     * Every disagreement between the Java side and C's values, one message each; a check without a C value and a C
     * value without a check are disagreements too.
     */
    static List<String> compare(JavaSide java, Map<String, String> c, String cName) {
        List<String> mismatches = new ArrayList<>(java.problems());
        for (Check check : java.checks()) {
            String cValue = c.get(check.key());
            if (cValue == null) {
                mismatches.add(check.key() + ": no value from " + cName);
                continue;
            }
            String why = disagreement(check.javaValue(), cValue);
            if (why != null) {
                mismatches.add(check.key() + ": " + cName + " says " + cValue + ", Java says " + why);
            }
        }
        Set<String> javaKeys = java.checks().stream().map(Check::key).collect(Collectors.toSet());
        for (String key : c.keySet()) {
            if (!javaKeys.contains(key)) {
                mismatches.add(key + ": " + cName + " has a value (" + c.get(key) + ") that the Java bindings "
                               + "and argument file no longer check");
            }
        }
        return mismatches;
    }

    /** Null if {@code javaValue} equals C's {@code cValue}, else how Java renders it. */
    static String disagreement(Object javaValue, String cValue) {
        return switch (javaValue) {
            case MemorySegment s -> {
                String j = s.getString(0);
                String cs = cString(cValue);
                yield Objects.equals(j, cs) ? null : "\"" + j + "\"";
            }
            case Double d -> Objects.equals(cDouble(cValue), d) ? null : javaValue + " (" + Double.toHexString(d) + ")";
            case Float f -> {
                Double cd = cDouble(cValue);
                yield cd != null && Float.compare(cd.floatValue(), f) == 0 && cd == (double) cd.floatValue()
                        ? null : javaValue + "f (" + Float.toHexString(f) + ")";
            }
            case Boolean b -> integerMatches(cValue, b ? 1 : 0, 8) ? null : javaValue.toString();
            case Character ch -> integerMatches(cValue, ch, 16) ? null : Integer.toString(ch);
            case Long l -> integerMatches(cValue, l, 64) ? null : javaValue.toString();
            case Integer i -> integerMatches(cValue, i, 32) ? null : javaValue.toString();
            case Short sh -> integerMatches(cValue, sh, 16) ? null : javaValue.toString();
            case Byte by -> integerMatches(cValue, by, 8) ? null : javaValue.toString();
            default -> "an unexpected " + javaValue.getClass().getName() + " " + javaValue;
        };
    }

    /**
     * Whether C's integer equals the Java value of a {@code bits}-wide carrier, read as signed or as unsigned (Java
     * has no unsigned types: a C {@code 0xFFFFFFFFu} is {@code -1} in an int, and that is not a mismatch).
     */
    static boolean integerMatches(String cValue, long javaValue, int bits) {
        if (!cValue.matches("-?[0-9]+")) {
            return false;
        }
        BigInteger c = new BigInteger(cValue);
        BigInteger signed = BigInteger.valueOf(javaValue);
        BigInteger unsigned = signed.and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        return c.equals(signed) || c.equals(unsigned);
    }

    private static Double cDouble(String cValue) {
        if (cValue.matches("-?[0-9]+")) {
            return new BigInteger(cValue).doubleValue();
        }
        if (!cValue.startsWith("f:")) {
            return null;
        }
        String v = cValue.substring(2);
        return switch (v) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** The string in a C string value ({@code "..."} with {@code \xHH} escapes), or null if it is not one. */
    static String cString(String cValue) {
        if (cValue.length() < 2 || !cValue.startsWith("\"") || !cValue.endsWith("\"")) {
            return null;
        }
        String body = cValue.substring(1, cValue.length() - 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '\\' && i + 3 < body.length() && body.charAt(i + 1) == 'x') {
                bytes.write(Integer.parseInt(body.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                bytes.write(ch);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The lines of an expectation file for {@code values}, in order. */
    static List<String> lines(Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        values.forEach((k, v) -> lines.add(k + " " + v));
        return lines;
    }
}
