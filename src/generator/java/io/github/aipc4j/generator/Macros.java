package io.github.aipc4j.generator;

import io.github.aipc4j.generator.clang.Cursor;
import io.github.aipc4j.generator.clang.LibClang;
import io.github.aipc4j.generator.clang.SourceLocation;
import io.github.aipc4j.generator.clang.TranslationUnit;
import io.github.aipc4j.generator.clang.Type;
import io.github.aipc4j.generator.model.CType;
import io.github.aipc4j.generator.model.Decl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Object-like macros that evaluate to a number, string or pointer become constants. A macro of exactly one
 * integer token is decoded directly; the others are evaluated by clang in a second translation unit that
 * includes the headers and declares {@code __auto_type jextract$macro$NAME = NAME;} per macro, then retried
 * through {@code (uintptr_t)} for pointer values (e.g. {@code ((void*)0)}).
 */
final class Macros {
    private static final String PREFIX = "jextract$macro$";

    record Definition(String name, SourceLocation location, List<String> tokens) {
    }

    private Macros() {
    }

    static List<Decl.Constant> evaluate(LibClang clang, List<Definition> definitions, Predicate<String> wanted,
                                        String includes, List<String> clangArgs) {
        Map<String, Definition> pending = new LinkedHashMap<>();
        Map<String, Decl.Constant> done = new LinkedHashMap<>();
        for (Definition d : definitions) {
            if (!wanted.test(d.name()) || done.containsKey(d.name()) || pending.containsKey(d.name())) {
                continue;
            }
            if (d.tokens().size() == 2 && !d.tokens().get(1).startsWith("#")) {
                try {
                    long value = Integer.decode(d.tokens().get(1));
                    done.put(d.name(), constant(d, new CType.Primitive(CType.Scalar.INT), value));
                    continue;
                } catch (NumberFormatException notAPlainInt) {
                    // evaluated by clang below
                }
            }
            if (d.tokens().size() > 1) {
                pending.put(d.name(), d);
            }
        }
        Map<String, Definition> pointers = new LinkedHashMap<>();
        evaluateIn(clang, pending, done, pointers, includes, clangArgs, false);
        evaluateIn(clang, pointers, done, new LinkedHashMap<>(), includes, clangArgs, true);
        List<Decl.Constant> result = new ArrayList<>();
        for (Definition d : definitions) { // definition order, as the header reads
            Decl.Constant c = done.remove(d.name());
            if (c != null) {
                result.add(c);
            }
        }
        return result;
    }

    private static void evaluateIn(LibClang clang, Map<String, Definition> macros, Map<String, Decl.Constant> done,
                                   Map<String, Definition> pointers, String includes, List<String> clangArgs,
                                   boolean asPointer) {
        if (macros.isEmpty()) {
            return;
        }
        StringBuilder source = new StringBuilder(asPointer ? "#include <stdint.h>\n" : "").append(includes);
        for (String name : macros.keySet()) {
            source.append("__auto_type ").append(PREFIX).append(name).append(" = ")
                    .append(asPointer ? "(uintptr_t)" + name : name).append(";\n");
        }
        try (TranslationUnit unit = TranslationUnit.parse(clang, "jextract$macro.h", source.toString(), clangArgs, 0)) {
            for (Cursor c : unit.cursor().children()) {
                if (c.kind() != Cursor.VAR_DECL || !c.spelling().startsWith(PREFIX)) {
                    continue;
                }
                Definition d = macros.get(c.spelling().substring(PREFIX.length()));
                Type type = c.type().canonical();
                Object value = c.evaluate();
                if (asPointer) {
                    if (value instanceof Long address) {
                        done.put(d.name(), constant(d, new CType.Pointer(), address));
                    }
                } else if (value instanceof String s) {
                    done.put(d.name(), constant(d, null, s));
                } else if (value != null) {
                    CType carrier = carrier(type);
                    if (carrier != null) {
                        done.put(d.name(), constant(d, carrier, value));
                    }
                } else if (type.kind() == Type.POINTER) {
                    pointers.put(d.name(), d);
                }
            }
        }
    }

    private static CType carrier(Type type) {
        return switch (type.kind()) {
            case Type.BOOL -> new CType.Primitive(CType.Scalar.BOOL);
            case Type.CHAR_S, Type.CHAR_U, Type.SCHAR, Type.UCHAR -> new CType.Primitive(CType.Scalar.CHAR);
            case Type.SHORT, Type.USHORT -> new CType.Primitive(CType.Scalar.SHORT);
            case Type.INT, Type.UINT -> new CType.Primitive(CType.Scalar.INT);
            case Type.LONG, Type.ULONG, Type.LONGLONG, Type.ULONGLONG -> new CType.Primitive(CType.Scalar.LONG);
            case Type.FLOAT -> new CType.Primitive(CType.Scalar.FLOAT);
            case Type.DOUBLE -> new CType.Primitive(CType.Scalar.DOUBLE);
            default -> null;
        };
    }

    private static Decl.Constant constant(Definition d, CType type, Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : type instanceof CType.Pointer ? "(void*) " + value : String.valueOf(value);
        return new Decl.Constant(d.name(), type, value, d.location(), "#define " + d.name() + " " + text);
    }
}
