package io.github.aipc4j.generator.clang;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static io.github.aipc4j.generator.clang.LibClang.CX_CURSOR;
import static io.github.aipc4j.generator.clang.LibClang.CX_LOCATION;
import static io.github.aipc4j.generator.clang.LibClang.CX_RANGE;
import static io.github.aipc4j.generator.clang.LibClang.CX_STRING;
import static io.github.aipc4j.generator.clang.LibClang.CX_TYPE;
import static io.github.aipc4j.generator.clang.LibClang.I;
import static io.github.aipc4j.generator.clang.LibClang.J;
import static io.github.aipc4j.generator.clang.LibClang.P;

/** A libclang {@code CXCursor} (32 bytes copied into the generator's arena). */
public record Cursor(LibClang clang, MemorySegment segment) {
    public static final int STRUCT_DECL = 2, UNION_DECL = 3, ENUM_DECL = 5, FIELD_DECL = 6, ENUM_CONSTANT_DECL = 7,
            FUNCTION_DECL = 8, VAR_DECL = 9, PARM_DECL = 10, TYPEDEF_DECL = 20, MACRO_DEFINITION = 501;

    private int intCall(String name) {
        return (int) clang.call(name, FunctionDescriptor.of(I, CX_CURSOR), segment);
    }

    private Type typeCall(String name) {
        return new Type(clang, (MemorySegment) clang.call(name, FunctionDescriptor.of(CX_TYPE, CX_CURSOR), segment));
    }

    private Cursor cursorCall(String name) {
        return new Cursor(clang, (MemorySegment) clang.call(name, FunctionDescriptor.of(CX_CURSOR, CX_CURSOR), segment));
    }

    public int kind() {
        return segment.get(I, 0);
    }

    public String spelling() {
        return clang.string((MemorySegment) clang.call("clang_getCursorSpelling", FunctionDescriptor.of(CX_STRING, CX_CURSOR), segment));
    }

    public List<Cursor> children() {
        return clang.children(this);
    }

    public Type type() {
        return typeCall("clang_getCursorType");
    }

    public Type typedefUnderlyingType() {
        return typeCall("clang_getTypedefDeclUnderlyingType");
    }

    public Type enumIntegerType() {
        return typeCall("clang_getEnumDeclIntegerType");
    }

    public long enumConstantValue() {
        return (long) clang.call("clang_getEnumConstantDeclValue", FunctionDescriptor.of(J, CX_CURSOR), segment);
    }

    public int numArguments() {
        return intCall("clang_Cursor_getNumArguments");
    }

    public Cursor argument(int index) {
        return new Cursor(clang, (MemorySegment) clang.call("clang_Cursor_getArgument",
                FunctionDescriptor.of(CX_CURSOR, CX_CURSOR, I), segment, index));
    }

    public boolean isDefinition() {
        return intCall("clang_isCursorDefinition") != 0;
    }

    public Cursor definition() {
        return cursorCall("clang_getCursorDefinition");
    }

    public Cursor lexicalParent() {
        return cursorCall("clang_getCursorLexicalParent");
    }

    public boolean isNull() {
        return intCall("clang_Cursor_isNull") != 0;
    }

    public boolean isAnonymous() {
        return intCall("clang_Cursor_isAnonymous") != 0;
    }

    public boolean isAnonymousRecordDecl() {
        return intCall("clang_Cursor_isAnonymousRecordDecl") != 0;
    }

    public boolean isBitField() {
        return intCall("clang_Cursor_isBitField") != 0;
    }

    public long offsetOfFieldBits() {
        return (long) clang.call("clang_Cursor_getOffsetOfField", FunctionDescriptor.of(J, CX_CURSOR), segment);
    }

    /** CXLinkage: Internal 2, External 4. */
    public int linkage() {
        return intCall("clang_getCursorLinkage");
    }

    public boolean isFunctionInlined() {
        return intCall("clang_Cursor_isFunctionInlined") != 0;
    }

    public boolean isMacroFunctionLike() {
        return intCall("clang_Cursor_isMacroFunctionLike") != 0;
    }

    public boolean equalTo(Cursor other) {
        return (int) clang.call("clang_equalCursors", FunctionDescriptor.of(I, CX_CURSOR, CX_CURSOR), segment, other.segment) != 0;
    }

    public SourceLocation location() {
        MemorySegment location = (MemorySegment) clang.call("clang_getCursorLocation",
                FunctionDescriptor.of(CX_LOCATION, CX_CURSOR), segment);
        return SourceLocation.of(clang, location);
    }

    /** Where the cursor's source text begins (for a record: its {@code struct}/{@code union} keyword). */
    public SourceLocation extentStart() {
        MemorySegment start = (MemorySegment) clang.call("clang_getRangeStart", FunctionDescriptor.of(CX_LOCATION, CX_RANGE),
                extent());
        return SourceLocation.of(clang, start);
    }

    MemorySegment extent() {
        return (MemorySegment) clang.call("clang_getCursorExtent", FunctionDescriptor.of(CX_RANGE, CX_CURSOR), segment);
    }

    /** The C declaration as clang prints it (for doc comments). */
    public String prettyPrinted() {
        MemorySegment policy = (MemorySegment) clang.call("clang_getCursorPrintingPolicy", FunctionDescriptor.of(P, CX_CURSOR), segment);
        try {
            clang.call("clang_PrintingPolicy_setProperty", FunctionDescriptor.ofVoid(P, I, I), policy, 18, 1); // PolishForDeclaration
            return clang.string((MemorySegment) clang.call("clang_getCursorPrettyPrinted",
                    FunctionDescriptor.of(CX_STRING, CX_CURSOR, P), segment, policy));
        } finally {
            clang.call("clang_PrintingPolicy_dispose", FunctionDescriptor.ofVoid(P), policy);
        }
    }

    /** Result of {@code clang_Cursor_Evaluate}: a Long, Double or String, or null when not evaluable. */
    public Object evaluate() {
        MemorySegment result = (MemorySegment) clang.call("clang_Cursor_Evaluate", FunctionDescriptor.of(P, CX_CURSOR), segment);
        if (result.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            int kind = (int) clang.call("clang_EvalResult_getKind", FunctionDescriptor.of(I, P), result);
            return switch (kind) {
                case 1 -> (long) clang.call("clang_EvalResult_getAsLongLong", FunctionDescriptor.of(J, P), result);
                case 2 -> (double) clang.call("clang_EvalResult_getAsDouble", FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, P), result);
                case 3, 4, 5 -> ((MemorySegment) clang.call("clang_EvalResult_getAsStr", FunctionDescriptor.of(P, P), result))
                        .reinterpret(Long.MAX_VALUE).getString(0);
                default -> null;
            };
        } finally {
            clang.call("clang_EvalResult_dispose", FunctionDescriptor.ofVoid(P), result);
        }
    }

    @Override
    public String toString() {
        return "Cursor[" + kind() + " " + spelling() + " @ " + location() + "]";
    }
}
