package io.github.aipc4j.generator;

import io.github.aipc4j.generator.clang.Cursor;
import io.github.aipc4j.generator.clang.LibClang;
import io.github.aipc4j.generator.clang.TranslationUnit;
import io.github.aipc4j.generator.clang.Type;
import io.github.aipc4j.generator.model.CType;
import io.github.aipc4j.generator.model.Decl;
import io.github.aipc4j.generator.model.RecordDecl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Walks the translation unit's direct children (as jextract does) and builds the declaration model.
 * Records are keyed by their definition's location so that forward declarations, typedefs and uses
 * all meet the same {@link RecordDecl}.
 */
final class Parser {
    private final LibClang clang;
    private final Warnings warnings;
    private final BiPredicate<Decl.Kind, String> wanted;
    private final List<Decl> decls = new ArrayList<>();
    private final Map<String, RecordDecl> records = new HashMap<>();
    private final Set<String> emittedRecords = new LinkedHashSet<>();
    final List<Macros.Definition> macros = new ArrayList<>();

    Parser(LibClang clang, Warnings warnings, BiPredicate<Decl.Kind, String> wanted) {
        this.clang = clang;
        this.warnings = warnings;
        this.wanted = wanted;
    }

    List<Decl> parse(TranslationUnit unit) {
        for (Cursor c : unit.cursor().children()) {
            if (c.location().file() == null) {
                continue; // builtins and command-line macros
            }
            switch (c.kind()) {
                case Cursor.STRUCT_DECL, Cursor.UNION_DECL -> record(c);
                case Cursor.ENUM_DECL -> enumConstants(c);
                case Cursor.FUNCTION_DECL -> function(c);
                case Cursor.VAR_DECL -> variable(c);
                case Cursor.TYPEDEF_DECL -> typedef(c);
                case Cursor.MACRO_DEFINITION -> {
                    if (!c.isMacroFunctionLike()) {
                        macros.add(new Macros.Definition(c.spelling(), c.location(), unit.tokens(c)));
                    }
                }
                default -> {
                }
            }
        }
        return decls;
    }

    /**
     * libclang 14 spells an unnamed record "", 16+ spell it "struct (unnamed at …)" or, for
     * {@code typedef struct {…} T;}, "T"; clang_Cursor_isAnonymous flags none of the typedef'd ones. A named
     * record's location is its name, an unnamed one's is its {@code struct} keyword, where its text begins:
     * that decides the same way on every libclang.
     */
    private static boolean anonymous(Cursor c) {
        String spelling = c.spelling();
        return c.isAnonymous() || spelling.isEmpty() || spelling.contains("(unnamed") || spelling.contains("(anonymous")
                || c.location().equals(c.extentStart());
    }

    private void record(Cursor c) {
        if (anonymous(c)) {
            return; // reappears through its typedef or its field
        }
        Cursor definition = c.definition();
        if (definition.isNull()) {
            return; // opaque: only ever used through pointers, which need no class
        }
        RecordDecl record = recordFor(definition);
        if (emittedRecords.add(key(definition))) {
            decls.add(new Decl.Record(record));
        }
    }

    private void enumConstants(Cursor c) {
        CType type = convert(c.enumIntegerType());
        for (Cursor constant : c.children()) {
            if (constant.kind() == Cursor.ENUM_CONSTANT_DECL) {
                String enumName = c.isAnonymous() || c.spelling().isEmpty() ? "<anonymous>" : c.spelling();
                decls.add(new Decl.Constant(constant.spelling(), type, constant.enumConstantValue(), constant.location(),
                        "enum " + enumName + "." + constant.spelling() + " = " + constant.enumConstantValue()));
            }
        }
    }

    private void function(Cursor c) {
        if (c.linkage() == 2 || c.isFunctionInlined()) {
            return; // static or inline: no symbol to bind
        }
        CType.FunctionType type = functionType(c.type(), c);
        decls.add(new Decl.Function(c.spelling(), type, c.location(), c.prettyPrinted()));
    }

    private void variable(Cursor c) {
        if (c.linkage() == 2) {
            return;
        }
        decls.add(new Decl.Var(c.spelling(), convert(c.type()), c.location(), c.prettyPrinted()));
    }

    private void typedef(Cursor c) {
        String name = c.spelling();
        Type underlying = c.typedefUnderlyingType().named();
        Type canonical = underlying.canonical();
        String text = c.prettyPrinted();
        if (canonical.kind() == Type.RECORD) {
            Cursor definition = canonical.declaration().definition();
            if (definition.isNull()) {
                return; // typedef of an opaque struct
            }
            RecordDecl record = recordFor(definition);
            if (underlying.kind() == Type.RECORD && anonymous(definition)) {
                record.javaName = name;
                decls.add(new Decl.Typedef(name, null, false, null, record, null, c.location(), text));
            } else if (!record.tag.equals(name) || underlying.kind() == Type.TYPEDEF) {
                decls.add(new Decl.Typedef(name, null, false, null, null, record, c.location(), text));
            }
            return;
        }
        if (canonical.kind() == Type.ENUM) {
            return;
        }
        CType type = convert(underlying);
        switch (type) {
            case CType.Primitive p -> decls.add(new Decl.Typedef(name, p.scalar(), false, null, null, null, c.location(), text));
            case CType.Pointer p -> decls.add(new Decl.Typedef(name, null, true, null, null, null, c.location(), text));
            case CType.FunctionPointer f -> {
                // parameter names of a typedef'd function pointer come from the typedef's ParmDecl children
                List<String> names = new ArrayList<>();
                for (Cursor child : c.children()) {
                    if (child.kind() == Cursor.PARM_DECL) {
                        names.add(child.spelling());
                    }
                }
                CType.FunctionType fn = f.function();
                if (names.size() == fn.parameters().size()) {
                    fn = new CType.FunctionType(fn.result(), fn.parameters(), names, fn.variadic());
                }
                decls.add(new Decl.Typedef(name, null, false, fn, null, null, c.location(), text));
            }
            case CType.Unsupported u -> {
                if (wanted.test(Decl.Kind.TYPEDEF, name)) {
                    warnings.skip(c.location(), name, "type " + u.description() + " is not supported");
                }
            }
            default -> {
            }
        }
    }

    private static String key(Cursor definition) {
        return definition.location().toString();
    }

    /** The record of a definition cursor, built once. */
    RecordDecl recordFor(Cursor definition) {
        String key = key(definition);
        RecordDecl existing = records.get(key);
        if (existing != null) {
            return existing;
        }
        Type type = definition.type();
        boolean anonymous = anonymous(definition);
        RecordDecl record = new RecordDecl(definition.kind() == Cursor.UNION_DECL, anonymous ? "" : definition.spelling(),
                type.sizeOf(), type.alignOf(), definition.location(), anonymous ? "" : definition.prettyPrinted());
        records.put(key, record);
        for (Cursor child : definition.children()) {
            switch (child.kind()) {
                case Cursor.FIELD_DECL -> field(record, definition, child);
                case Cursor.STRUCT_DECL, Cursor.UNION_DECL -> {
                    if (child.isAnonymousRecordDecl()) {
                        RecordDecl inner = recordFor(child);
                        record.members.add(new RecordDecl.Anonymous(inner, anonymousOffset(type, inner)));
                        // records defined inside an anonymous member are nested classes of this record (its
                        // fields' accessors are flattened into this record's class too)
                        for (RecordDecl hoisted : inner.nested) {
                            hoisted.enclosing = record;
                            record.nested.add(hoisted);
                        }
                        inner.nested.clear();
                    }
                }
                case Cursor.ENUM_DECL -> enumConstants(child); // nested enums still become top-level constants
                default -> {
                }
            }
        }
        return record;
    }

    private void field(RecordDecl record, Cursor definition, Cursor field) {
        String name = field.spelling();
        if (field.isBitField()) {
            warnings.skip(field.location(), name, "bitfields are not supported");
            return;
        }
        CType type = convert(field.type());
        if (type instanceof CType.Unsupported u) {
            warnings.skip(field.location(), name, "type " + u.description() + " is not supported");
        }
        CType element = type;
        while (element instanceof CType.Array a) {
            element = a.element(); // `struct P { … } points[3];` nests P like `struct P { … } point;`
        }
        if (element instanceof CType.Record r && r.decl().enclosing == null && r.decl() != record
                && isDefinedInside(r.decl(), definition)) {
            r.decl().enclosing = record;
            if (r.decl().tag.isEmpty()) {
                r.decl().javaName = name;
            }
            record.nested.add(r.decl());
        }
        record.members.add(new RecordDecl.Field(name, type, field.offsetOfFieldBits() / 8, field.prettyPrinted()));
    }

    private boolean isDefinedInside(RecordDecl inner, Cursor outerDefinition) {
        for (Cursor child : outerDefinition.children()) {
            if ((child.kind() == Cursor.STRUCT_DECL || child.kind() == Cursor.UNION_DECL) && records.get(key(child)) == inner) {
                return true;
            }
        }
        return false;
    }

    /** Offset of an anonymous member: where its first named field sits in the outer record. */
    private static long anonymousOffset(Type outer, RecordDecl inner) {
        for (RecordDecl.Member m : inner.members) {
            if (m instanceof RecordDecl.Field f) {
                return outer.offsetOf(f.name()) / 8 - f.offset();
            }
            if (m instanceof RecordDecl.Anonymous a) {
                return anonymousOffset(outer, a.record()) - a.offset();
            }
        }
        return 0;
    }

    CType.FunctionType functionType(Type type, Cursor declaration) {
        Type fn = type.named().canonical();
        CType result = convert(fn.resultType());
        List<CType> parameters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (fn.kind() == Type.FUNCTION_PROTO) {
            Type source = type.named().kind() == Type.FUNCTION_PROTO ? type.named() : fn;
            int n = fn.numArgTypes();
            for (int i = 0; i < n; i++) {
                // parameter types as written (keeps typedef names of function pointers), arrays decayed
                Type written = declaration != null ? declaration.argument(i).type() : source.argType(i);
                CType p = convert(written);
                parameters.add(p instanceof CType.Array ? new CType.Pointer() : p);
                names.add(declaration != null ? declaration.argument(i).spelling() : "");
            }
        }
        // A function without a prototype, `void f();`, is taken as `void f(void)`, not as variadic (as
        // jextract would): OgaShutdown() is declared that way and takes no arguments.
        boolean variadic = fn.kind() == Type.FUNCTION_PROTO && fn.isVariadic();
        return new CType.FunctionType(result, parameters, names, variadic);
    }

    CType convert(Type t) {
        t = t.named();
        return switch (t.kind()) {
            case Type.VOID -> new CType.Void();
            case Type.BOOL -> scalar(CType.Scalar.BOOL);
            case Type.CHAR_U, Type.UCHAR, Type.CHAR_S, Type.SCHAR -> scalar(CType.Scalar.CHAR);
            case Type.USHORT, Type.SHORT -> scalar(CType.Scalar.SHORT);
            case Type.UINT, Type.INT -> scalar(CType.Scalar.INT);
            case Type.ULONG, Type.LONG -> scalar(CType.Scalar.LONG);
            case Type.ULONGLONG, Type.LONGLONG -> scalar(CType.Scalar.LONG_LONG);
            case Type.FLOAT -> scalar(CType.Scalar.FLOAT);
            case Type.DOUBLE -> scalar(CType.Scalar.DOUBLE);
            case Type.ENUM -> convert(t.declaration().enumIntegerType());
            case Type.TYPEDEF -> {
                Type canonical = t.canonical();
                if (canonical.kind() == Type.POINTER && isFunction(canonical.pointee())) {
                    CType.FunctionType fn = functionType(canonical.pointee(), null);
                    yield new CType.FunctionPointer(fn, t.typedefName());
                }
                yield convert(canonical);
            }
            case Type.POINTER, Type.BLOCK_POINTER -> isFunction(t.pointee())
                    ? new CType.FunctionPointer(functionType(t.pointee(), null), null)
                    : new CType.Pointer();
            case Type.CONSTANT_ARRAY -> new CType.Array(convert(t.arrayElementType()), t.arraySize());
            case Type.INCOMPLETE_ARRAY, Type.VARIABLE_ARRAY -> new CType.Array(convert(t.arrayElementType()), 0);
            case Type.RECORD -> {
                Cursor definition = t.declaration().definition();
                yield definition.isNull() ? new CType.Unsupported("Declared(" + t.spelling() + ")")
                        : new CType.Record(recordFor(definition));
            }
            default -> new CType.Unsupported(t.spelling());
        };
    }

    private static boolean isFunction(Type t) {
        int kind = t.named().canonical().kind();
        return kind == Type.FUNCTION_PROTO || kind == Type.FUNCTION_NO_PROTO;
    }

    private static CType scalar(CType.Scalar scalar) {
        return new CType.Primitive(scalar);
    }
}
