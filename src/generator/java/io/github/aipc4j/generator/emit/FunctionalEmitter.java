package io.github.aipc4j.generator.emit;

import io.github.aipc4j.generator.model.CType;

import java.util.ArrayList;
import java.util.List;

/**
 * A class per function-pointer type: the {@code Function} interface, {@code descriptor()}, {@code allocate} (an
 * upcall stub) and {@code invoke(MemorySegment funcPtr, …)} (a downcall through the pointer).
 */
final class FunctionalEmitter {
    private final Layouts layouts;

    FunctionalEmitter(Layouts layouts) {
        this.layouts = layouts;
    }

    /**
     * Writes the class into {@code out}.
     *
     * @param simpleName    the class's own name
     * @param qualifiedName how code in the package names it (e.g. {@code OrtApi.CreateEnv})
     * @param nested        a nested class of a struct (then {@code public static class})
     */
    void emit(JavaSource out, String simpleName, String qualifiedName, CType.FunctionType fn, String cDecl, boolean nested) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fn.parameters().size(); i++) {
            String n = i < fn.parameterNames().size() ? fn.parameterNames().get(i) : "";
            names.add(n.isEmpty() ? "_x" + i : Names.java(n));
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            params.add(Layouts.carrier(fn.parameters().get(i)) + " " + names.get(i));
        }
        String ret = Layouts.carrier(fn.result());
        boolean isVoid = fn.result() instanceof CType.Void;
        String iface = simpleName.equalsIgnoreCase("function") ? "Function$" : "Function";
        boolean allocator = Layouts.returnsRecord(fn);

        out.doc(null, cDecl);
        out.add("public %sclass %s {", nested ? "static " : "", simpleName).in();
        out.blank().add("""
                %s() {
                    // Should not be called directly
                }""", simpleName);
        out.blank().add("""
                /**
                 * The function pointer signature, expressed as a functional interface
                 */
                public interface %s {
                    %s apply(%s);
                }""", iface, ret, String.join(", ", params));
        out.blank().add("private static final FunctionDescriptor $DESC = %s;", layouts.descriptor(fn));
        out.blank().add("""
                /**
                 * The descriptor of this function pointer
                 */
                public static FunctionDescriptor descriptor() {
                    return $DESC;
                }""");
        out.blank().add("""
                private static final MethodHandle UP$MH = %1$s.upcallHandle(%2$s.%3$s.class, "apply", $DESC);

                /**
                 * Allocates a new upcall stub, whose implementation is defined by {@code fi}.
                 * The lifetime of the returned segment is managed by {@code arena}
                 */
                public static MemorySegment allocate(%2$s.%3$s fi, Arena arena) {
                    return Linker.nativeLinker().upcallStub(UP$MH.bindTo(fi), $DESC, arena);
                }""", layouts.header(), qualifiedName, iface);
        List<String> invokeParams = new ArrayList<>(List.of("MemorySegment funcPtr"));
        List<String> invokeArgs = new ArrayList<>(List.of("funcPtr"));
        if (allocator) {
            invokeParams.add("SegmentAllocator alloc");
            invokeArgs.add("alloc");
        }
        invokeParams.addAll(params);
        invokeArgs.addAll(names);
        out.blank().add("""
                private static final MethodHandle DOWN$MH = Linker.nativeLinker().downcallHandle($DESC);

                /**
                 * Invoke the upcall stub {@code funcPtr}, with given parameters
                 */
                public static %1$s invoke(%2$s) {
                    try {
                        %3$sDOWN$MH.invokeExact(%4$s);
                    } catch (Error | RuntimeException ex) {
                        throw ex;
                    } catch (Throwable ex$) {
                        throw new AssertionError("should not reach here", ex$);
                    }
                }""", ret, String.join(", ", invokeParams), isVoid ? "" : "return (" + ret + ") ",
                String.join(", ", invokeArgs));
        out.out().add("}");
    }
}
