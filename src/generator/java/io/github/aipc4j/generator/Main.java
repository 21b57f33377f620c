package io.github.aipc4j.generator;

import io.github.aipc4j.generator.clang.LibClang;
import io.github.aipc4j.generator.clang.TranslationUnit;
import io.github.aipc4j.generator.emit.Emitter;
import io.github.aipc4j.generator.model.CType;
import io.github.aipc4j.generator.model.Decl;
import io.github.aipc4j.generator.model.RecordDecl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * aipc4j's jextract-compatible generator: {@code jextract <options> <header…>} producing jextract's Java 22 output
 * shape (with jextract's later fixes for array-field offsets and rethrown runtime exceptions). Exit codes as
 * jextract's: 0 ok, 1 failure, 2 option error, 4 clang error.
 */
public final class Main {
    static final String VERSION = "aipc4j-jextract 1 (jextract 22 output shape)";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println("Usage: jextract <options> <header file> [<header file>] [...]  (jextract's options; see README)");
            return 0;
        }
        if (options.version()) {
            out.println(VERSION + "\nlibclang: " + LibClang.get().version());
            return 0;
        }
        try {
            return generate(options, err);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 6;
        } catch (GenerationException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static final class GenerationException extends Exception {
        private static final long serialVersionUID = 1L;

        GenerationException(String message) {
            super(message);
        }
    }

    private static int generate(Options options, PrintStream err) throws IOException, GenerationException {
        LibClang clang = LibClang.get();
        List<String> clangArgs = new ArrayList<>();
        clangArgs.add("-resource-dir");
        clangArgs.add(clang.resourceDir().toString());
        options.includeDirs().forEach(d -> clangArgs.add("-I" + d));
        options.defines().forEach(d -> clangArgs.add("-D" + d));
        StringBuilder includes = new StringBuilder();
        for (String header : options.headers()) {
            includes.append(header.startsWith("<") ? "#include " + header
                    : "#include \"" + Path.of(header).toAbsolutePath().normalize() + "\"").append('\n');
        }
        Warnings warnings = new Warnings(err);
        List<Decl> decls;
        Parser parser = new Parser(clang, warnings, options::wanted);
        try (TranslationUnit unit = TranslationUnit.parse(clang, "jextract$tmp.h", includes.toString(), clangArgs,
                TranslationUnit.OPTIONS)) {
            boolean failed = false;
            for (TranslationUnit.Diagnostic d : unit.diagnostics()) {
                if (d.severity() >= 2) {
                    err.println(d.text());
                }
                failed |= d.isError();
            }
            if (failed) {
                return 4;
            }
            decls = new ArrayList<>(parser.parse(unit));
        }
        decls.addAll(Macros.evaluate(clang, parser.macros, name -> options.wanted(Decl.Kind.CONSTANT, name),
                includes.toString(), clangArgs));
        List<Decl> kept = filter(decls, options);
        if (options.dumpIncludes() != null) {
            Files.writeString(options.dumpIncludes(), dumpIncludes(kept), StandardCharsets.UTF_8);
            return 0;
        }
        kept = supported(kept, warnings);
        checkDependencies(kept);
        String headerClass = options.headerClassName() != null ? options.headerClassName()
                : headerClassName(options.headers().getFirst());
        Map<String, String> files = new Emitter(options.targetPackage(), headerClass, options.libraries(),
                options.useSystemLoadLibrary(), Integer.getInteger("jextract.decls.per.header", 1000)).emit(kept);
        Path dir = options.output();
        if (!options.targetPackage().isEmpty()) {
            dir = dir.resolve(options.targetPackage().replace('.', '/'));
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey() + ".java"), file.getValue(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** {@code onnxruntime_c_api.h} → {@code onnxruntime_c_api_h}, as jextract names the header class. */
    static String headerClassName(String header) {
        String file = Path.of(header.replace("<", "").replace(">", "")).getFileName().toString().replace(".h", "_h");
        StringBuilder name = new StringBuilder();
        for (char c : file.toCharArray()) {
            name.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        return Character.isJavaIdentifierStart(name.charAt(0)) ? name.toString() : "_" + name;
    }

    /** Include filters, then jextract's duplicate filter (first constant/var/function/typedef of a name wins). */
    private static List<Decl> filter(List<Decl> decls, Options options) {
        List<Decl> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Decl d : decls) {
            if (!options.wanted(d.kind(), d.name())) {
                continue;
            }
            boolean named = !(d instanceof Decl.Record);
            if (named && !seen.add(d.name())) {
                continue;
            }
            kept.add(d);
        }
        return kept;
    }

    private static List<Decl> supported(List<Decl> decls, Warnings warnings) {
        List<Decl> result = new ArrayList<>();
        for (Decl d : decls) {
            String reason = switch (d) {
                case Decl.Function f -> unsupported(f.type());
                case Decl.Var v -> v.type() instanceof CType.Unsupported u ? "type " + u.description() + " is not supported"
                        : v.type() instanceof CType.Void ? "type void is not supported" : null;
                case Decl.Typedef t -> t.function() != null ? unsupported(t.function()) : null;
                default -> null;
            };
            if (reason != null) {
                warnings.skip(d.location(), d.name(), reason);
            } else {
                result.add(d);
            }
        }
        return result;
    }

    private static String unsupported(CType.FunctionType fn) {
        CType.Unsupported u = fn.unsupported();
        if (u != null) {
            return "type " + u.description() + " is not supported";
        }
        for (CType p : fn.parameters()) {
            if (p instanceof CType.FunctionPointer f && f.function().variadic() && !f.function().parameters().isEmpty()) {
                return "variadic callback is not supported";
            }
        }
        return null;
    }

    /** A kept declaration that uses a struct by value needs that struct's class: jextract's MissingDepChecker. */
    private static void checkDependencies(List<Decl> decls) throws GenerationException {
        Set<RecordDecl> emitted = new HashSet<>();
        for (Decl d : decls) {
            if (d instanceof Decl.Record r) {
                emitted.add(r.record());
            } else if (d instanceof Decl.Typedef t && t.definition() != null) {
                emitted.add(t.definition());
            }
        }
        for (Decl d : decls) {
            List<CType> uses = new ArrayList<>();
            switch (d) {
                case Decl.Function f -> {
                    uses.add(f.type().result());
                    uses.addAll(f.type().parameters());
                }
                case Decl.Var v -> uses.add(v.type());
                case Decl.Record r -> collectFields(r.record(), uses);
                case Decl.Typedef t -> {
                    if (t.definition() != null) {
                        collectFields(t.definition(), uses);
                    }
                    if (t.alias() != null) {
                        uses.add(new CType.Record(t.alias()));
                    }
                }
                default -> {
                }
            }
            for (CType use : uses) {
                while (use instanceof CType.Array a) {
                    use = a.element();
                }
                if (use instanceof CType.Record r) {
                    RecordDecl top = r.decl();
                    while (top.enclosing != null) {
                        top = top.enclosing;
                    }
                    if (!emitted.contains(top)) {
                        throw new GenerationException(d.name() + " depends on " + r.decl().layoutName()
                                + " which has been excluded");
                    }
                }
            }
        }
    }

    private static void collectFields(RecordDecl record, List<CType> uses) {
        for (RecordDecl.Member m : record.members) {
            if (m instanceof RecordDecl.Field f) {
                uses.add(f.type());
            } else if (m instanceof RecordDecl.Anonymous a) {
                collectFields(a.record(), uses);
            }
        }
    }

    /** jextract's {@code --dump-includes} format: per header, one {@code --include-*} line per declaration. */
    static String dumpIncludes(List<Decl> decls) {
        Map<String, Map<Decl.Kind, List<String>>> byFile = new TreeMap<>();
        for (Decl d : decls) {
            String file = Path.of(d.location().file()).toAbsolutePath().normalize().toString();
            byFile.computeIfAbsent(file, f -> new LinkedHashMap<>()).computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d.name());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Map<Decl.Kind, List<String>>> file : byFile.entrySet()) {
            int longest = file.getValue().values().stream().flatMap(List::stream).mapToInt(String::length).max().orElse(0);
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("#### Extracted from: ").append(file.getKey()).append("\n\n");
            for (Decl.Kind kind : Decl.Kind.values()) {
                List<String> names = new ArrayList<>(file.getValue().getOrDefault(kind, List.of()));
                names.sort(null);
                for (String name : names) {
                    // jextract: String.format("%-" + width + "s %s", option, "# header: " + file)
                    String option = "--" + kind.option + " " + name;
                    int width = longest + 2 + "include-function".length() + 1;
                    out.append(option).append(" ".repeat(Math.max(0, width - option.length()) + 1))
                            .append("# header: ").append(file.getKey()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
