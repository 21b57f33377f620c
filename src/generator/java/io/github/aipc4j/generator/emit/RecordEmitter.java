package io.github.aipc4j.generator.emit;

import io.github.aipc4j.generator.model.CType;
import io.github.aipc4j.generator.model.RecordDecl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A class per struct/union: {@code layout()}, per-field layout, offset, getter and setter (indexed ones for
 * arrays, with the field's base offset: jextract's later fix), nested classes for function-pointer fields and
 * records defined inside, and {@code asSlice}, {@code sizeof}, {@code allocate}, {@code allocateArray},
 * {@code reinterpret}. Bitfields and fields of unsupported types become padding.
 */
final class RecordEmitter {
    private final Layouts layouts;
    private final FunctionalEmitter functional;
    /** Function-pointer typedefs that have a class of their own; fields of other typedefs get a nested class. */
    private final Set<String> functionalTypedefs;

    RecordEmitter(Layouts layouts, FunctionalEmitter functional, Set<String> functionalTypedefs) {
        this.layouts = layouts;
        this.functional = functional;
        this.functionalTypedefs = functionalTypedefs;
    }

    void emit(JavaSource out, RecordDecl record, String cDecl, boolean nested) {
        String kind = record.union ? "union" : "struct";
        String name = record.javaName;
        out.doc(null, cDecl);
        out.add("public %sclass %s {", nested ? "static " : "", name).in();
        out.blank().add("""
                %s() {
                    // Should not be called directly
                }""", name);
        out.blank().add("private static final GroupLayout $LAYOUT = %s;", groupLayout(record));
        out.blank().add("""
                /**
                 * The layout of this %s
                 */
                public static final GroupLayout layout() {
                    return $LAYOUT;
                }""", kind);
        for (RecordDecl inner : record.nested) {
            out.blank();
            emit(out, inner, null, true);
        }
        List<String> taken = new ArrayList<>();
        taken.add(name.toLowerCase());
        fields(out, record, record, kind, List.of(), taken);
        trailer(out, kind);
        out.out().add("}");
    }

    /** {@code public class Alias extends Target} for {@code typedef struct target Alias;}. */
    static void emitAlias(JavaSource out, String alias, String target, String cDecl) {
        out.doc(null, cDecl);
        out.add("""
                public class %1$s extends %2$s {

                    %1$s() {
                        // Should not be called directly
                    }
                }""", alias, target);
    }

    private String groupLayout(RecordDecl record) {
        List<String> members = new ArrayList<>();
        long current = 0;
        long largest = 0;
        for (RecordDecl.Member m : record.members) {
            CType type = m instanceof RecordDecl.Field f ? f.type() : null;
            if (type instanceof CType.Unsupported) {
                continue; // becomes padding
            }
            if (!record.union && m.offset() > current) {
                members.add("MemoryLayout.paddingLayout(" + (m.offset() - current) + ")");
            }
            long size;
            String layout;
            if (m instanceof RecordDecl.Anonymous a) {
                layout = groupLayout(a.record());
                size = a.record().size;
            } else {
                RecordDecl.Field f = (RecordDecl.Field) m;
                layout = layouts.layout(f.type());
                // Gen-22 rule: a member more aligned than its packed record is re-aligned to the record.
                if (Layouts.alignment(f.type()) > record.alignment) {
                    layout = layouts.header() + ".align(" + layout + ", " + record.alignment + ")";
                }
                layout += ".withName(\"" + f.name() + "\")";
                size = Layouts.size(f.type());
            }
            members.add(layout);
            current = record.union ? current : m.offset() + size;
            largest = Math.max(largest, size);
        }
        long end = record.union ? largest : current;
        if (record.size > end) {
            members.add("MemoryLayout.paddingLayout(" + (record.size - end) + ")");
        }
        String factory = record.union ? "MemoryLayout.unionLayout(" : "MemoryLayout.structLayout(";
        String body = members.isEmpty() ? "" : "\n    "
                + String.join(",\n    ", members.stream().map(m -> m.replace("\n", "\n    ")).toList()) + "\n";
        return factory + body + ").withName(\"" + record.layoutName() + "\")";
    }

    /** Accessors for the record's fields, and for the fields of its anonymous members reached through paths. */
    private void fields(JavaSource out, RecordDecl owner, RecordDecl record, String kind, List<String> path, List<String> taken) {
        for (RecordDecl.Member m : record.members) {
            if (m instanceof RecordDecl.Anonymous a) {
                List<String> inner = new ArrayList<>(path);
                inner.add(a.record().layoutName());
                fields(out, owner, a.record(), kind, inner, taken);
            } else if (m instanceof RecordDecl.Field f && !(f.type() instanceof CType.Unsupported)) {
                List<String> full = new ArrayList<>(path);
                full.add(f.name());
                field(out, owner, f, kind, full, taken);
            }
        }
    }

    private void field(JavaSource out, RecordDecl owner, RecordDecl.Field f, String kind, List<String> path, List<String> taken) {
        String name = Names.java(f.name());
        String segment = kind;
        String elements = String.join(", ", path.stream().map(p -> "groupElement(\"" + p + "\")").toList());
        CType type = f.type();
        if (type instanceof CType.FunctionPointer fp
                && (fp.typedefName() == null || !functionalTypedefs.contains(fp.typedefName()))) {
            String nestedName = name;
            while (taken.contains(nestedName.toLowerCase())) {
                nestedName += "$";
            }
            taken.add(nestedName.toLowerCase());
            out.blank();
            functional.emit(out, nestedName, owner.qualifiedName() + "." + nestedName, fp.function(), f.cDecl(), true);
        }
        String layoutClass = Layouts.layoutClass(type);
        out.blank().add("private static final %1$s %2$s$LAYOUT = (%1$s)$LAYOUT.select(%3$s);", layoutClass, name, elements);
        out.blank().doc("Layout for field:", f.cDecl()).add("""
                public static final %1$s %2$s$layout() {
                    return %2$s$LAYOUT;
                }""", layoutClass, name);
        out.blank().add("private static final long %s$OFFSET = $LAYOUT.byteOffset(%s);", name, elements);
        out.blank().doc("Offset for field:", f.cDecl()).add("""
                public static final long %1$s$offset() {
                    return %1$s$OFFSET;
                }""", name);
        if (type instanceof CType.Record || type instanceof CType.Array) {
            out.blank().doc("Getter for field:", f.cDecl()).add("""
                    public static MemorySegment %1$s(MemorySegment %2$s) {
                        return %2$s.asSlice(%1$s$OFFSET, %1$s$LAYOUT.byteSize());
                    }""", name, segment);
            out.blank().doc("Setter for field:", f.cDecl()).add("""
                    public static void %1$s(MemorySegment %2$s, MemorySegment fieldValue) {
                        MemorySegment.copy(fieldValue, 0L, %2$s, %1$s$OFFSET, %1$s$LAYOUT.byteSize());
                    }""", name, segment);
            if (type instanceof CType.Array a) {
                arrayAccessors(out, f, name, segment, a);
            }
        } else {
            String carrier = Layouts.carrier(type);
            out.blank().doc("Getter for field:", f.cDecl()).add("""
                    public static %1$s %2$s(MemorySegment %3$s) {
                        return %3$s.get(%2$s$LAYOUT, %2$s$OFFSET);
                    }""", carrier, name, segment);
            out.blank().doc("Setter for field:", f.cDecl()).add("""
                    public static void %2$s(MemorySegment %3$s, %1$s fieldValue) {
                        %3$s.set(%2$s$LAYOUT, %2$s$OFFSET, fieldValue);
                    }""", carrier, name, segment);
        }
    }

    private void arrayAccessors(JavaSource out, RecordDecl.Field f, String name, String segment, CType.Array array) {
        List<Long> dims = new ArrayList<>();
        CType element = array;
        while (element instanceof CType.Array a) {
            dims.add(a.count());
            element = a.element();
        }
        List<String> indexDecl = new ArrayList<>();
        List<String> indexUse = new ArrayList<>();
        List<String> pathElements = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            indexDecl.add("long index" + i);
            indexUse.add("index" + i);
            pathElements.add("sequenceElement()");
        }
        out.blank().add("private static long[] %s$DIMS = { %s };", name,
                String.join(", ", dims.stream().map(String::valueOf).toList()));
        out.blank().doc("Dimensions for array field:", f.cDecl()).add("""
                public static long[] %1$s$dimensions() {
                    return %1$s$DIMS;
                }""", name);
        String decl = String.join(", ", indexDecl);
        String use = String.join(", ", indexUse);
        if (element instanceof CType.Record r) {
            out.add("private static final MethodHandle %s$ELEM_HANDLE = %s$LAYOUT.sliceHandle(%s);", name, name,
                    String.join(", ", pathElements));
            out.blank().doc("Indexed getter for field:", f.cDecl()).add("""
                    public static MemorySegment %1$s(MemorySegment %2$s, %3$s) {
                        try {
                            return (MemorySegment)%1$s$ELEM_HANDLE.invokeExact(%2$s, %1$s$OFFSET, %4$s);
                        } catch (Throwable ex$) {
                            throw new AssertionError("should not reach here", ex$);
                        }
                    }""", name, segment, decl, use);
            out.blank().doc("Indexed setter for field:", f.cDecl()).add("""
                    public static void %1$s(MemorySegment %2$s, %3$s, MemorySegment fieldValue) {
                        MemorySegment.copy(fieldValue, 0L, %1$s(%2$s, %4$s), 0L, %5$s.byteSize());
                    }""", name, segment, decl, use, layouts.layout(r));
        } else {
            String carrier = Layouts.carrier(element);
            out.add("private static final VarHandle %s$ELEM_HANDLE = %s$LAYOUT.varHandle(%s);", name, name,
                    String.join(", ", pathElements));
            out.blank().doc("Indexed getter for field:", f.cDecl()).add("""
                    public static %1$s %2$s(MemorySegment %3$s, %4$s) {
                        return (%1$s)%2$s$ELEM_HANDLE.get(%3$s, %2$s$OFFSET, %5$s);
                    }""", carrier, name, segment, decl, use);
            out.blank().doc("Indexed setter for field:", f.cDecl()).add("""
                    public static void %2$s(MemorySegment %3$s, %4$s, %1$s fieldValue) {
                        %2$s$ELEM_HANDLE.set(%3$s, %2$s$OFFSET, %5$s, fieldValue);
                    }""", carrier, name, segment, decl, use);
        }
    }

    private static void trailer(JavaSource out, String kind) {
        out.blank().add("""
                /**
                 * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
                 * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
                 */
                public static MemorySegment asSlice(MemorySegment array, long index) {
                    return array.asSlice(layout().byteSize() * index);
                }

                /**
                 * The size (in bytes) of this %1$s
                 */
                public static long sizeof() { return layout().byteSize(); }

                /**
                 * Allocate a segment of size {@code layout().byteSize()} using {@code allocator}
                 */
                public static MemorySegment allocate(SegmentAllocator allocator) {
                    return allocator.allocate(layout());
                }

                /**
                 * Allocate an array of size {@code elementCount} using {@code allocator}.
                 * The returned segment has size {@code elementCount * layout().byteSize()}.
                 */
                public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
                    return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
                }

                /**
                 * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
                 * The returned segment has size {@code layout().byteSize()}
                 */
                public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
                    return reinterpret(addr, 1, arena, cleanup);
                }

                /**
                 * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
                 * The returned segment has size {@code elementCount * layout().byteSize()}
                 */
                public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
                    return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
                }""", kind);
    }
}
