package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.bindings.openvino.openvino_h.ov_compiled_model_set_property;
import io.github.aipc4j.bindings.openvino.openvino_h.ov_core_compile_model;
import io.github.aipc4j.bindings.openvino.openvino_h.ov_core_compile_model_from_file;
import io.github.aipc4j.bindings.openvino.openvino_h.ov_core_set_property;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The variadic C functions that take properties as {@code char* key, char* value, …}: one downcall handle per number
 * of arguments (jextract's {@code makeInvoker}, which passes {@code Linker.Option.firstVariadicArg}), made once and
 * cached.
 */
final class Varargs {
    private static final Map<Integer, ov_core_compile_model> COMPILE = new ConcurrentHashMap<>();
    private static final Map<Integer, ov_core_compile_model_from_file> COMPILE_FILE = new ConcurrentHashMap<>();
    private static volatile ov_core_set_property setProperty;
    private static volatile ov_compiled_model_set_property compiledSetProperty;

    private Varargs() {
    }

    private static MemoryLayout[] pointers(int count) {
        MemoryLayout[] layouts = new MemoryLayout[count];
        Arrays.fill(layouts, openvino_h.C_POINTER);
        return layouts;
    }

    /** {@code ov_core_compile_model} taking {@code args} variadic pointers. */
    static ov_core_compile_model compile(int args) {
        return COMPILE.computeIfAbsent(args, n -> ov_core_compile_model.makeInvoker(pointers(n)));
    }

    /** {@code ov_core_compile_model_from_file} taking {@code args} variadic pointers. */
    static ov_core_compile_model_from_file compileFromFile(int args) {
        return COMPILE_FILE.computeIfAbsent(args, n -> ov_core_compile_model_from_file.makeInvoker(pointers(n)));
    }

    /** {@code ov_core_set_property(core, device, key, value)}: the C function reads exactly one pair. */
    static ov_core_set_property setProperty() {
        ov_core_set_property invoker = setProperty;
        if (invoker == null) {
            invoker = ov_core_set_property.makeInvoker(pointers(2));
            setProperty = invoker;
        }
        return invoker;
    }

    /** {@code ov_compiled_model_set_property(compiled, key, value)}: one pair. */
    static ov_compiled_model_set_property compiledSetProperty() {
        ov_compiled_model_set_property invoker = compiledSetProperty;
        if (invoker == null) {
            invoker = ov_compiled_model_set_property.makeInvoker(pointers(2));
            compiledSetProperty = invoker;
        }
        return invoker;
    }

    /** The properties as alternating key/value C strings in {@code arena}, for the variadic part of a call. */
    static Object[] pairs(Arena arena, Properties properties) {
        Object[] args = new Object[2 * properties.size()];
        int i = 0;
        for (Map.Entry<String, String> e : properties.asMap().entrySet()) {
            args[i++] = arena.allocateFrom(e.getKey());
            args[i++] = arena.allocateFrom(e.getValue());
        }
        return args;
    }
}
