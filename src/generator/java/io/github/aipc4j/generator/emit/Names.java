package io.github.aipc4j.generator.emit;

import java.util.Set;

/** jextract's name mangling: Java keywords and names that would shadow types the generated code uses get a {@code _}. */
final class Names {
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_",
            "var", "yield", "record", "sealed", "permits",
            // public types of java.lang / java.lang.foreign and the other imports the generated code names
            "String", "Object", "Class", "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Float", "Double",
            "Math", "System", "Thread", "Error", "Exception", "RuntimeException", "Throwable", "AssertionError",
            "Override", "Void", "Number", "Runtime", "Arena", "Linker", "MemorySegment", "MemoryLayout", "ValueLayout",
            "AddressLayout", "GroupLayout", "StructLayout", "UnionLayout", "SequenceLayout", "PaddingLayout",
            "SymbolLookup", "SegmentAllocator", "FunctionDescriptor", "ByteOrder", "MethodHandle", "MethodHandles",
            "VarHandle", "Arrays", "Collectors", "Consumer", "UnsatisfiedLinkError", "IllegalArgumentException",
            "ClassCastException", "ReflectiveOperationException");

    private Names() {
    }

    static String java(String cName) {
        return RESERVED.contains(cName) ? cName + "_" : cName;
    }
}
