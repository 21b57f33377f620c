package io.github.aipc4j.generator.emit;

import io.github.aipc4j.generator.model.CType;

import java.util.ArrayList;
import java.util.List;

/** C type → layout expression, Java carrier and layout class, as jextract maps them (Linux x86-64 / AArch64). */
final class Layouts {
    private final String header;

    Layouts(String header) {
        this.header = header;
    }

    String header() {
        return header;
    }

    String layout(CType type) {
        return switch (type) {
            case CType.Primitive p -> header + "." + p.scalar().layout;
            case CType.Pointer p -> header + ".C_POINTER";
            case CType.FunctionPointer f -> header + ".C_POINTER";
            case CType.Array a -> "MemoryLayout.sequenceLayout(" + a.count() + ", " + layout(a.element()) + ")";
            case CType.Record r -> r.decl().qualifiedName() + ".layout()";
            case CType.Void v -> throw new IllegalArgumentException("void has no layout");
            case CType.Unsupported u -> throw new IllegalArgumentException("unsupported type " + u.description());
        };
    }

    static String carrier(CType type) {
        return switch (type) {
            case CType.Primitive p -> p.scalar().carrier;
            case CType.Void v -> "void";
            default -> "MemorySegment";
        };
    }

    static String layoutClass(CType type) {
        return switch (type) {
            case CType.Primitive p -> p.scalar().layoutClass;
            case CType.Pointer p -> "AddressLayout";
            case CType.FunctionPointer f -> "AddressLayout";
            case CType.Array a -> "SequenceLayout";
            case CType.Record r -> "GroupLayout";
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    static long size(CType type) {
        return switch (type) {
            case CType.Primitive p -> switch (p.scalar()) {
                case BOOL, CHAR -> 1;
                case SHORT -> 2;
                case INT, FLOAT -> 4;
                case LONG, LONG_LONG, DOUBLE -> 8;
            };
            case CType.Pointer p -> 8;
            case CType.FunctionPointer f -> 8;
            case CType.Array a -> a.count() * size(a.element());
            case CType.Record r -> r.decl().size;
            default -> 0;
        };
    }

    static long alignment(CType type) {
        return switch (type) {
            case CType.Array a -> alignment(a.element());
            case CType.Record r -> r.decl().alignment;
            default -> size(type);
        };
    }

    /** {@code FunctionDescriptor.of(ret, args…)} or {@code ofVoid(args…)}, one layout per line. */
    String descriptor(CType.FunctionType fn) {
        List<String> layouts = new ArrayList<>();
        boolean isVoid = fn.result() instanceof CType.Void;
        if (!isVoid) {
            layouts.add(layout(fn.result()));
        }
        for (CType p : fn.parameters()) {
            layouts.add(layout(p));
        }
        String open = isVoid ? "FunctionDescriptor.ofVoid(" : "FunctionDescriptor.of(";
        return layouts.isEmpty() ? open + ")" : open + "\n    " + String.join(",\n    ", layouts) + "\n)";
    }

    /** True when the result is a struct or union: the Java method then takes a leading SegmentAllocator. */
    static boolean returnsRecord(CType.FunctionType fn) {
        return fn.result() instanceof CType.Record;
    }
}
