package io.github.aipc4j.generator;

import io.github.aipc4j.generator.model.Decl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** jextract's command line (the subset the project uses), including {@code @argfile} expansion. */
record Options(List<String> headers, String targetPackage, Path output, List<String> includeDirs, List<String> defines,
               List<String> libraries, boolean useSystemLoadLibrary, String headerClassName,
               Map<Decl.Kind, Set<String>> includes, Path dumpIncludes, boolean version, boolean help) {

    /** A bad command line; jextract exits 2 for these. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    boolean filtering() {
        return includes.values().stream().anyMatch(s -> !s.isEmpty());
    }

    boolean wanted(Decl.Kind kind, String name) {
        return !filtering() || includes.get(kind).contains(name);
    }

    static Options parse(List<String> rawArgs) throws UsageException {
        List<String> args = expandArgFiles(rawArgs);
        List<String> headers = new ArrayList<>();
        List<String> includeDirs = new ArrayList<>();
        List<String> defines = new ArrayList<>();
        List<String> libraries = new ArrayList<>();
        Map<Decl.Kind, Set<String>> includes = new EnumMap<>(Decl.Kind.class);
        for (Decl.Kind k : Decl.Kind.values()) {
            includes.put(k, new LinkedHashSet<>());
        }
        String pkg = "";
        Path output = Path.of(".");
        String headerClass = null;
        Path dump = null;
        boolean systemLoad = false;
        boolean version = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String attached = null;
            if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-' && "tDIl".indexOf(arg.charAt(1)) >= 0) {
                attached = arg.substring(2);
                arg = arg.substring(0, 2);
            }
            switch (arg) {
                case "-t", "--target-package" -> pkg = value(args, i++, arg, attached);
                case "--output" -> output = Path.of(value(args, i++, arg, null));
                case "-I", "--include-dir" -> includeDirs.add(value(args, i++, arg, attached));
                case "-D", "--define-macro" -> defines.add(value(args, i++, arg, attached));
                case "-l", "--library" -> libraries.add(value(args, i++, arg, attached));
                case "--use-system-load-library" -> systemLoad = true;
                case "--header-class-name" -> headerClass = value(args, i++, arg, null);
                case "--dump-includes" -> dump = Path.of(value(args, i++, arg, null));
                case "--version" -> version = true;
                case "-h", "-?", "--help" -> help = true;
                default -> {
                    Decl.Kind kind = includeKind(arg);
                    if (kind != null) {
                        includes.get(kind).add(value(args, i++, arg, null));
                    } else if (arg.startsWith("-")) {
                        throw new UsageException("unknown option: " + arg);
                    } else {
                        headers.add(arg);
                    }
                }
            }
            if (attached != null) {
                i--; // the value was attached, nothing consumed
            }
        }
        if (!version && !help && headers.isEmpty()) {
            throw new UsageException("expected a header file");
        }
        if (headers.size() > 1 && headerClass == null) {
            throw new UsageException("--header-class-name is required with more than one header");
        }
        return new Options(headers, pkg, output, includeDirs, defines, libraries, systemLoad, headerClass, includes, dump,
                version, help);
    }

    private static Decl.Kind includeKind(String option) {
        for (Decl.Kind k : Decl.Kind.values()) {
            if (option.equals("--" + k.option)) {
                return k;
            }
        }
        return null;
    }

    private static String value(List<String> args, int i, String option, String attached) throws UsageException {
        String v = attached != null ? attached : i + 1 < args.size() ? args.get(i + 1) : null;
        if (v == null || v.isEmpty() || v.startsWith("-")) {
            throw new UsageException("option " + option + " needs a value");
        }
        return v;
    }

    /** {@code @file} arguments replaced by the file's tokens: whitespace-separated, quotes, {@code #} comments. */
    static List<String> expandArgFiles(List<String> args) throws UsageException {
        List<String> result = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("@")) {
                result.add(arg);
                continue;
            }
            try {
                result.addAll(tokenize(Files.readString(Path.of(arg.substring(1)))));
            } catch (IOException e) {
                throw new UsageException("cannot read argument file " + arg.substring(1) + ": " + e.getMessage());
            }
        }
        return result;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '#' && current == null) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                if (current != null) {
                    tokens.add(current.toString());
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                } else {
                    current.append(c);
                }
            }
        }
        if (current != null) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
