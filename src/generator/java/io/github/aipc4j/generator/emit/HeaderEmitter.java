package io.github.aipc4j.generator.emit;

import io.github.aipc4j.generator.model.CType;
import io.github.aipc4j.generator.model.Decl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The header class (jextract's Java 22 shape): support methods and {@code C_*} layouts, then one member group per
 * function, variable, constant and scalar/pointer typedef. Past {@code declsPerHeader} groups the class is split into
 * a chain {@code h extends h_1 extends … extends h_N}; the chunk with the support methods gets the highest suffix.
 */
final class HeaderEmitter {
    private final String pkg;
    private final String name;
    private final Layouts layouts;
    private final List<String> libraries;
    private final boolean systemLoad;
    private final int declsPerHeader;
    private final List<String> items = new ArrayList<>();
    private final Set<String> holderNames = new HashSet<>();

    HeaderEmitter(String pkg, String name, Layouts layouts, List<String> libraries, boolean systemLoad, int declsPerHeader) {
        this.pkg = pkg;
        this.name = name;
        this.layouts = layouts;
        this.libraries = libraries;
        this.systemLoad = systemLoad;
        this.declsPerHeader = declsPerHeader;
    }

    private String holderName(String javaName) {
        String holder = javaName;
        while (!holderNames.add(holder.toLowerCase(Locale.ROOT))) {
            holder += "$";
        }
        return holder;
    }

    private static JavaSource body() {
        return new JavaSource().in();
    }

    void function(Decl.Function f) {
        CType.FunctionType fn = f.type();
        String javaName = Names.java(f.name());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fn.parameters().size(); i++) {
            String n = fn.parameterNames().get(i);
            names.add(n.isEmpty() ? "x" + i : Names.java(n));
        }
        if (fn.variadic()) {
            names.add("x" + fn.parameters().size());
        }
        boolean allocator = Layouts.returnsRecord(fn);
        if (allocator) {
            String a = "allocator";
            while (names.contains(a)) {
                a = "_" + a;
            }
            names.addFirst(a);
        }
        List<String> params = new ArrayList<>();
        int offset = allocator ? 1 : 0;
        if (allocator) {
            params.add("SegmentAllocator " + names.getFirst());
        }
        for (int i = 0; i < fn.parameters().size(); i++) {
            params.add(Layouts.carrier(fn.parameters().get(i)) + " " + names.get(i + offset));
        }
        if (fn.variadic()) {
            params.add("Object... " + names.getLast());
        }
        String ret = Layouts.carrier(fn.result());
        String cast = fn.result() instanceof CType.Void ? "" : "return (" + ret + ") ";
        String args = String.join(", ", names);
        String trace = args.isEmpty() ? "\"" + f.name() + "\"" : "\"" + f.name() + "\", " + args;
        String holder = holderName(javaName);
        JavaSource out = body();
        if (!fn.variadic()) {
            out.blank().add("""
                    private static class %1$s {
                        public static final FunctionDescriptor DESC = %2$s;

                        public static final MemorySegment ADDR = %3$s.findOrThrow("%4$s");

                        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
                    }""", holder, indentTail(layouts.descriptor(fn), 1), name, f.name());
            out.blank().doc("Function descriptor for:", f.cDecl()).add("""
                    public static FunctionDescriptor %s$descriptor() {
                        return %s.DESC;
                    }""", javaName, holder);
            out.blank().doc("Downcall method handle for:", f.cDecl()).add("""
                    public static MethodHandle %s$handle() {
                        return %s.HANDLE;
                    }""", javaName, holder);
            out.blank().doc("Address for:", f.cDecl()).add("""
                    public static MemorySegment %s$address() {
                        return %s.ADDR;
                    }""", javaName, holder);
            out.blank().doc(null, f.cDecl()).add("""
                    public static %1$s %2$s(%3$s) {
                        var mh$ = %4$s.HANDLE;
                        try {
                            if (TRACE_DOWNCALLS) {
                                traceDowncall(%5$s);
                            }
                            %6$smh$.invokeExact(%7$s);
                        } catch (Error | RuntimeException ex) {
                           throw ex;
                        } catch (Throwable ex$) {
                           throw new AssertionError("should not reach here", ex$);
                        }
                    }""", ret, javaName, String.join(", ", params), holder, trace, cast, args);
        } else {
            out.blank().doc("Variadic invoker class for:", f.cDecl()).add("""
                    public static class %1$s {
                        private static final FunctionDescriptor BASE_DESC = %2$s;
                        private static final MemorySegment ADDR = %3$s.findOrThrow("%4$s");

                        private final MethodHandle handle;
                        private final FunctionDescriptor descriptor;
                        private final MethodHandle spreader;

                        private %1$s(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
                            this.handle = handle;
                            this.descriptor = descriptor;
                            this.spreader = spreader;
                        }

                        /**
                         * Variadic invoker factory for:
                         * {@snippet lang=c :
                         * %5$s
                         * }
                         */
                        public static %1$s makeInvoker(MemoryLayout... layouts) {
                            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
                            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
                            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
                            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
                            return new %1$s(mh$, desc$, spreader$);
                        }

                        /**
                         * {@return the address}
                         */
                        public static MemorySegment address() {
                            return ADDR;
                        }

                        /**
                         * {@return the specialized method handle}
                         */
                        public MethodHandle handle() {
                            return handle;
                        }

                        /**
                         * {@return the specialized descriptor}
                         */
                        public FunctionDescriptor descriptor() {
                            return descriptor;
                        }

                        public %6$s apply(%7$s) {
                            try {
                                if (TRACE_DOWNCALLS) {
                                    traceDowncall(%8$s);
                                }
                                %9$sspreader.invokeExact(%10$s);
                            } catch(IllegalArgumentException | ClassCastException ex$)  {
                                throw ex$; // rethrow IAE from passing wrong number/type of args
                            } catch (Error | RuntimeException ex) {
                               throw ex;
                            } catch (Throwable ex$) {
                               throw new AssertionError("should not reach here", ex$);
                            }
                        }
                    }""", holder, indentTail(layouts.descriptor(fn), 2), name, f.name(),
                    f.cDecl().replace("\n", " ").replace("*/", "*\\/").replace("\\", "\\\\"), ret,
                    String.join(", ", params), trace, cast, args);
        }
        items.add(out.text());
    }

    void variable(Decl.Var v) {
        String javaName = Names.java(v.name());
        CType type = v.type();
        String layoutClass = Layouts.layoutClass(type);
        String holder = holderName(javaName + "$constants");
        JavaSource out = body();
        out.blank();
        if (type instanceof CType.Array a) {
            List<Long> dims = new ArrayList<>();
            CType element = a;
            while (element instanceof CType.Array inner) {
                dims.add(inner.count());
                element = inner.element();
            }
            String path = String.join(", ", dims.stream().map(d -> "sequenceElement()").toList());
            String handle = element instanceof CType.Record
                    ? "public static final MethodHandle HANDLE = LAYOUT.sliceHandle(" + path + ");"
                    : "public static final VarHandle HANDLE = LAYOUT.varHandle(" + path + ");";
            out.add("""
                    private static class %1$s {
                        public static final %2$s LAYOUT = %3$s;
                        public static final MemorySegment SEGMENT = %4$s.findOrThrow("%5$s").reinterpret(LAYOUT.byteSize());
                        %6$s
                        public static final long[] DIMS = { %7$s };
                    }""", holder, layoutClass, layouts.layout(type), name, v.name(), handle,
                    String.join(", ", dims.stream().map(String::valueOf).toList()));
        } else {
            out.add("""
                    private static class %1$s {
                        public static final %2$s LAYOUT = %3$s;
                        public static final MemorySegment SEGMENT = %4$s.findOrThrow("%5$s").reinterpret(LAYOUT.byteSize());
                    }""", holder, layoutClass, layouts.layout(type), name, v.name());
        }
        out.blank().doc("Layout for variable:", v.cDecl()).add("""
                public static %s %s$layout() {
                    return %s.LAYOUT;
                }""", layoutClass, javaName, holder);
        boolean aggregate = type instanceof CType.Record || type instanceof CType.Array;
        if (!aggregate) {
            out.blank().doc("Segment for variable:", v.cDecl()).add("""
                    public static MemorySegment %s$segment() {
                        return %s.SEGMENT;
                    }""", javaName, holder);
            String carrier = Layouts.carrier(type);
            out.blank().doc("Getter for variable:", v.cDecl()).add("""
                    public static %1$s %2$s() {
                        return %3$s.SEGMENT.get(%3$s.LAYOUT, 0L);
                    }""", carrier, javaName, holder);
            out.blank().doc("Setter for variable:", v.cDecl()).add("""
                    public static void %1$s(%2$s varValue) {
                        %3$s.SEGMENT.set(%3$s.LAYOUT, 0L, varValue);
                    }""", javaName, carrier, holder);
        } else {
            if (type instanceof CType.Array) {
                out.blank().doc("Dimensions for array variable:", v.cDecl()).add("""
                        public static long[] %s$dimensions() {
                            return %s.DIMS;
                        }""", javaName, holder);
            }
            out.blank().doc("Getter for variable:", v.cDecl()).add("""
                    public static MemorySegment %s() {
                        return %s.SEGMENT;
                    }""", javaName, holder);
            out.blank().doc("Setter for variable:", v.cDecl()).add("""
                    public static void %1$s(MemorySegment varValue) {
                        MemorySegment.copy(varValue, 0L, %2$s.SEGMENT, 0L, %2$s.LAYOUT.byteSize());
                    }""", javaName, holder);
            if (type instanceof CType.Array a) {
                arrayVariableAccessors(out, v, javaName, holder, a);
            }
        }
        items.add(out.text());
    }

    /** Indexed getter and setter of an array variable ({@code G(long index0, …)}), as jextract emits them. */
    private void arrayVariableAccessors(JavaSource out, Decl.Var v, String javaName, String holder, CType.Array array) {
        CType element = array;
        List<String> decl = new ArrayList<>();
        List<String> use = new ArrayList<>();
        while (element instanceof CType.Array inner) {
            decl.add("long index" + use.size());
            use.add("index" + use.size());
            element = inner.element();
        }
        String indexDecl = String.join(", ", decl);
        String indexUse = String.join(", ", use);
        if (element instanceof CType.Record) {
            out.blank().doc("Indexed getter for variable:", v.cDecl()).add("""
                    public static MemorySegment %1$s(%2$s) {
                        try {
                            return (MemorySegment)%3$s.HANDLE.invokeExact(%3$s.SEGMENT, 0L, %4$s);
                        } catch (Throwable ex$) {
                            throw new AssertionError("should not reach here", ex$);
                        }
                    }""", javaName, indexDecl, holder, indexUse);
            out.blank().doc("Indexed setter for variable:", v.cDecl()).add("""
                    public static void %1$s(%2$s, MemorySegment varValue) {
                        MemorySegment.copy(varValue, 0L, %1$s(%3$s), 0L, %4$s.byteSize());
                    }""", javaName, indexDecl, indexUse, layouts.layout(element));
        } else {
            String carrier = Layouts.carrier(element);
            out.blank().doc("Indexed getter for variable:", v.cDecl()).add("""
                    public static %1$s %2$s(%3$s) {
                        return (%1$s)%4$s.HANDLE.get(%4$s.SEGMENT, 0L, %5$s);
                    }""", carrier, javaName, indexDecl, holder, indexUse);
            out.blank().doc("Indexed setter for variable:", v.cDecl()).add("""
                    public static void %1$s(%2$s, %3$s varValue) {
                        %4$s.HANDLE.set(%4$s.SEGMENT, 0L, %5$s, varValue);
                    }""", javaName, indexDecl, carrier, holder, indexUse);
        }
    }

    void constant(Decl.Constant c) {
        String javaName = Names.java(c.name());
        JavaSource out = body();
        if (c.value() instanceof String s) {
            out.doc(null, c.cDecl()).add("""
                    public static MemorySegment %1$s() {
                        class Holder {
                            static final MemorySegment %1$s
                                = %2$s.LIBRARY_ARENA.allocateFrom("%3$s");
                        }
                        return Holder.%1$s;
                    }""", javaName, name, quote(s));
        } else {
            String carrier = Layouts.carrier(c.type());
            out.add("private static final %s %s = %s;", carrier, javaName, literal(c.type(), c.value()));
            out.doc(null, c.cDecl()).add("""
                    public static %1$s %2$s() {
                        return %2$s;
                    }""", carrier, javaName);
        }
        items.add(out.text());
    }

    void typedefLayout(Decl.Typedef t) {
        JavaSource out = body();
        CType type = t.pointer() ? new CType.Pointer() : new CType.Primitive(t.scalar());
        out.doc(null, t.cDecl()).add("public static final %s %s = %s;", Layouts.layoutClass(type), Names.java(t.name()),
                layouts.layout(type));
        items.add(out.text());
    }

    private static String literal(CType type, Object value) {
        if (type instanceof CType.Pointer) {
            return "MemorySegment.ofAddress(" + ((Number) value).longValue() + "L)";
        }
        CType.Scalar scalar = ((CType.Primitive) type).scalar();
        return switch (scalar) {
            case FLOAT -> {
                float f = ((Number) value).floatValue();
                yield Float.isFinite(f) ? f + "f" : "Float.valueOf(\"" + f + "\")";
            }
            case DOUBLE -> {
                double d = ((Number) value).doubleValue();
                yield Double.isFinite(d) ? d + "d" : "Double.valueOf(\"" + d + "\")";
            }
            case LONG, LONG_LONG -> ((Number) value).longValue() + "L";
            case BOOL -> String.valueOf(((Number) value).longValue() != 0);
            default -> "(" + scalar.carrier + ")" + ((Number) value).longValue() + "L";
        };
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    private static String indentTail(String text, int levels) {
        return text.replace("\n", "\n" + "    ".repeat(levels));
    }

    /** The header class file(s): simple name → source. */
    Map<String, String> files() {
        int chunks = Math.max(1, (items.size() + declsPerHeader - 1) / declsPerHeader);
        Map<String, String> files = new TreeMap<>();
        for (int chunk = 0; chunk < chunks; chunk++) {
            // declarations fill the chunk with the highest suffix first; it also holds the support members
            int suffix = chunks - 1 - chunk;
            String className = suffix == 0 ? name : name + "_" + suffix;
            String superName = suffix == chunks - 1 ? null : name + "_" + (suffix + 1);
            StringBuilder text = new StringBuilder(JavaSource.preamble(pkg));
            text.append("public class ").append(className).append(superName == null ? "" : " extends " + superName)
                    .append(" {\n\n    ").append(className).append("() {\n        // Should not be called directly\n    }\n");
            if (superName == null) {
                text.append(support());
            }
            for (String item : items.subList(chunk * declsPerHeader, Math.min(items.size(), (chunk + 1) * declsPerHeader))) {
                text.append(item.startsWith("\n") ? "" : "\n").append(item);
            }
            files.put(className, text.append("}\n").toString());
        }
        return files;
    }

    private String support() {
        List<String> lookups = new ArrayList<>();
        StringBuilder loads = new StringBuilder();
        for (String library : libraries) {
            boolean path = library.startsWith(":");
            String spec = path ? library.substring(1) : library;
            if (systemLoad) {
                loads.append("        System.").append(path ? "load" : "loadLibrary").append("(\"").append(quote(spec)).append("\");\n");
            } else {
                lookups.add(path ? "SymbolLookup.libraryLookup(\"" + quote(spec) + "\", LIBRARY_ARENA)"
                        : "SymbolLookup.libraryLookup(System.mapLibraryName(\"" + quote(spec) + "\"), LIBRARY_ARENA)");
            }
        }
        lookups.add("SymbolLookup.loaderLookup()");
        lookups.add("Linker.nativeLinker().defaultLookup()");
        StringBuilder lookup = new StringBuilder("    static final SymbolLookup SYMBOL_LOOKUP = ").append(lookups.getFirst());
        for (String l : lookups.subList(1, lookups.size())) {
            lookup.append("\n            .or(").append(l).append(")");
        }
        return """

                    static final Arena LIBRARY_ARENA = Arena.ofAuto();
                    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

                    static void traceDowncall(String name, Object... args) {
                         String traceArgs = Arrays.stream(args)
                                       .map(Object::toString)
                                       .collect(Collectors.joining(", "));
                         System.out.printf("%%s(%%s)\\n", name, traceArgs);
                    }

                    static MemorySegment findOrThrow(String symbol) {
                        return SYMBOL_LOOKUP.find(symbol)
                            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
                    }

                    static MethodHandle upcallHandle(Class<?> fi, String name, FunctionDescriptor fdesc) {
                        try {
                            return MethodHandles.lookup().findVirtual(fi, name, fdesc.toMethodType());
                        } catch (ReflectiveOperationException ex) {
                            throw new AssertionError(ex);
                        }
                    }

                    static MemoryLayout align(MemoryLayout layout, long align) {
                        return switch (layout) {
                            case PaddingLayout p -> p;
                            case ValueLayout v -> v.withByteAlignment(align);
                            case GroupLayout g -> {
                                MemoryLayout[] alignedMembers = g.memberLayouts().stream()
                                        .map(m -> align(m, align)).toArray(MemoryLayout[]::new);
                                yield g instanceof StructLayout ?
                                        MemoryLayout.structLayout(alignedMembers) : MemoryLayout.unionLayout(alignedMembers);
                            }
                            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), align(s.elementLayout(), align));
                        };
                    }
                """.formatted() + (loads.isEmpty() ? "" : "\n    static {\n" + loads + "    }\n") + "\n" + lookup + ";\n" + """

                    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
                    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
                    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
                    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
                    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
                    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
                    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
                    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
                            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
                    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
                """;
    }
}
