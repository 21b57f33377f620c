package io.github.aipc4j.generator.model;

import io.github.aipc4j.generator.clang.SourceLocation;

/** A top-level declaration that becomes generated code, with the C text it came from (for doc comments). */
public sealed interface Decl {
    String name();

    SourceLocation location();

    String cDecl();

    /** jextract's include-filter kinds, in --dump-includes order. */
    enum Kind {
        CONSTANT("include-constant"), VAR("include-var"), FUNCTION("include-function"),
        TYPEDEF("include-typedef"), STRUCT("include-struct"), UNION("include-union");

        public final String option;

        Kind(String option) {
            this.option = option;
        }
    }

    Kind kind();

    record Function(String name, CType.FunctionType type, SourceLocation location, String cDecl) implements Decl {
        public Kind kind() {
            return Kind.FUNCTION;
        }
    }

    record Var(String name, CType type, SourceLocation location, String cDecl) implements Decl {
        public Kind kind() {
            return Kind.VAR;
        }
    }

    /** An enum constant or macro; {@code value} is a Long, Double or String, {@code type} its carrier (null for strings). */
    record Constant(String name, CType type, Object value, SourceLocation location, String cDecl) implements Decl {
        public Kind kind() {
            return Kind.CONSTANT;
        }
    }

    /** A named struct or union definition. */
    record Record(RecordDecl record) implements Decl {
        public String name() {
            return record.tag;
        }

        public SourceLocation location() {
            return record.location;
        }

        public String cDecl() {
            return record.cDecl;
        }

        public Kind kind() {
            return record.union ? Kind.UNION : Kind.STRUCT;
        }
    }

    /**
     * A typedef. Exactly one of: {@code scalar} (a layout field in the header class), {@code pointer} (ditto),
     * {@code function} (a functional-interface class), {@code definition} (the class of an anonymous record),
     * {@code alias} (a class extending another record's class).
     */
    record Typedef(String name, CType.Scalar scalar, boolean pointer, CType.FunctionType function, RecordDecl definition,
                   RecordDecl alias, SourceLocation location, String cDecl) implements Decl {
        public Kind kind() {
            return Kind.TYPEDEF;
        }
    }
}
