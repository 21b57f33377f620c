package io.github.aipc4j.generator.model;

import java.util.List;

/** A C type as the generator needs it: what layout, carrier and class it maps to. */
public sealed interface CType {

    /** The C scalar kinds, with jextract's layout constant, Java carrier and layout class for each. */
    enum Scalar {
        BOOL("C_BOOL", "boolean", "OfBoolean"),
        CHAR("C_CHAR", "byte", "OfByte"),
        SHORT("C_SHORT", "short", "OfShort"),
        INT("C_INT", "int", "OfInt"),
        LONG("C_LONG", "long", "OfLong"),
        LONG_LONG("C_LONG_LONG", "long", "OfLong"),
        FLOAT("C_FLOAT", "float", "OfFloat"),
        DOUBLE("C_DOUBLE", "double", "OfDouble");

        public final String layout;
        public final String carrier;
        public final String layoutClass;

        Scalar(String layout, String carrier, String layoutClass) {
            this.layout = layout;
            this.carrier = carrier;
            this.layoutClass = layoutClass;
        }
    }

    record Primitive(Scalar scalar) implements CType {
    }

    record Void() implements CType {
    }

    /** Any data pointer: all are {@code C_POINTER} / {@code MemorySegment}. */
    record Pointer() implements CType {
    }

    /** Pointer to function; {@code typedefName} is set when the C type was spelled through a typedef. */
    record FunctionPointer(FunctionType function, String typedefName) implements CType {
    }

    /** {@code count} 0 for {@code T[]}. */
    record Array(CType element, long count) implements CType {
    }

    record Record(RecordDecl decl) implements CType {
    }

    /** A type jextract cannot express (long double, __int128, an opaque struct by value, …). */
    record Unsupported(String description) implements CType {
    }

    /** A C function type; parameter names are empty strings where C gives none. */
    record FunctionType(CType result, List<CType> parameters, List<String> parameterNames, boolean variadic) {
        public FunctionType {
            parameters = List.copyOf(parameters);
            parameterNames = List.copyOf(parameterNames);
        }

        /** The first unsupported type in the signature, or null. */
        public Unsupported unsupported() {
            if (result instanceof Unsupported u) {
                return u;
            }
            for (CType p : parameters) {
                if (p instanceof Unsupported u) {
                    return u;
                }
                if (p instanceof Void) {
                    return new Unsupported("void parameter");
                }
            }
            return null;
        }
    }
}
