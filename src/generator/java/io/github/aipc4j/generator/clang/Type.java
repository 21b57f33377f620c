package io.github.aipc4j.generator.clang;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

import static io.github.aipc4j.generator.clang.LibClang.CX_CURSOR;
import static io.github.aipc4j.generator.clang.LibClang.CX_STRING;
import static io.github.aipc4j.generator.clang.LibClang.CX_TYPE;
import static io.github.aipc4j.generator.clang.LibClang.I;
import static io.github.aipc4j.generator.clang.LibClang.J;

/** A libclang {@code CXType}. */
public record Type(LibClang clang, MemorySegment segment) {
    public static final int INVALID = 0, VOID = 2, BOOL = 3, CHAR_U = 4, UCHAR = 5, CHAR16 = 6, CHAR32 = 7, USHORT = 8,
            UINT = 9, ULONG = 10, ULONGLONG = 11, UINT128 = 12, CHAR_S = 13, SCHAR = 14, WCHAR = 15, SHORT = 16, INT = 17,
            LONG = 18, LONGLONG = 19, INT128 = 20, FLOAT = 21, DOUBLE = 22, LONGDOUBLE = 23, POINTER = 101,
            BLOCK_POINTER = 102, RECORD = 105, ENUM = 106, TYPEDEF = 107, FUNCTION_NO_PROTO = 110, FUNCTION_PROTO = 111,
            CONSTANT_ARRAY = 112, INCOMPLETE_ARRAY = 114, VARIABLE_ARRAY = 115, AUTO = 118, ELABORATED = 119,
            ATTRIBUTED = 163, ATOMIC = 177;

    private Type typeCall(String name) {
        return new Type(clang, (MemorySegment) clang.call(name, FunctionDescriptor.of(CX_TYPE, CX_TYPE), segment));
    }

    private long longCall(String name) {
        return (long) clang.call(name, FunctionDescriptor.of(J, CX_TYPE), segment);
    }

    public int kind() {
        return segment.get(I, 0);
    }

    public String spelling() {
        return clang.string((MemorySegment) clang.call("clang_getTypeSpelling", FunctionDescriptor.of(CX_STRING, CX_TYPE), segment));
    }

    public String typedefName() {
        return clang.string((MemorySegment) clang.call("clang_getTypedefName", FunctionDescriptor.of(CX_STRING, CX_TYPE), segment));
    }

    public Type canonical() {
        return typeCall("clang_getCanonicalType");
    }

    /** Unwraps {@code Elaborated} (libclang 16+ wraps typedef and tag references in it) and {@code Attributed}. */
    public Type named() {
        Type t = this;
        while (t.kind() == ELABORATED || t.kind() == ATTRIBUTED) {
            t = t.kind() == ELABORATED ? t.typeCall("clang_Type_getNamedType") : t.typeCall("clang_Type_getModifiedType");
        }
        return t;
    }

    public Type pointee() {
        return typeCall("clang_getPointeeType");
    }

    public Type resultType() {
        return typeCall("clang_getResultType");
    }

    public int numArgTypes() {
        return (int) clang.call("clang_getNumArgTypes", FunctionDescriptor.of(I, CX_TYPE), segment);
    }

    public Type argType(int index) {
        return new Type(clang, (MemorySegment) clang.call("clang_getArgType", FunctionDescriptor.of(CX_TYPE, CX_TYPE, I), segment, index));
    }

    public boolean isVariadic() {
        return (int) clang.call("clang_isFunctionTypeVariadic", FunctionDescriptor.of(I, CX_TYPE), segment) != 0;
    }

    public long sizeOf() {
        return longCall("clang_Type_getSizeOf");
    }

    public long alignOf() {
        return longCall("clang_Type_getAlignOf");
    }

    public long arraySize() {
        return longCall("clang_getArraySize");
    }

    public Type arrayElementType() {
        return typeCall("clang_getArrayElementType");
    }

    /** Offset in bits of a field (also one inside an anonymous member) of this record type; negative on error. */
    public long offsetOf(String field) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            return (long) clang.call("clang_Type_getOffsetOf", FunctionDescriptor.of(J, CX_TYPE, LibClang.P), segment,
                    arena.allocateFrom(field));
        }
    }

    public Cursor declaration() {
        return new Cursor(clang, (MemorySegment) clang.call("clang_getTypeDeclaration", FunctionDescriptor.of(CX_CURSOR, CX_TYPE), segment));
    }

    @Override
    public String toString() {
        return spelling() + " (kind " + kind() + ")";
    }
}
