package io.github.aipc4j.bindings;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function and variable the bindings declare resolves in the pinned runtime, through the generated code
 * itself ({@code f$address()}, or {@code f.address()} for variadic invokers, and the variable getters). The
 * ones that cannot are listed with their reason in src/test/resources/symbols/SET.missing; an unlisted miss,
 * or a listed name that now resolves, fails.
 */
class SymbolResolutionTest {

    @ParameterizedTest
    @CsvSource({"onnxruntime, ONNXRUNTIME, onnxruntime_c_api_h", "onnxruntime-genai, GENAI, ort_genai_c_h",
            "openvino, OPENVINO, openvino_h"})
    void everyDeclaredSymbolResolvesOrIsExplained(String set, RuntimeLibrary runtime, String headerClass) throws Exception {
        LoadedRuntime loaded = NativeLoader.load(runtime);
        ArgFile args = new ArgFile(set);
        Class<?> header = Class.forName(args.targetPackage() + "." + headerClass);
        List<String> functions = args.names("function");
        List<String> variables = args.names("var");
        assertTrue(functions.size() + variables.size() > 0, "no declarations listed in " + args.path());

        Map<String, String> missing = new TreeMap<>();
        for (String name : functions) {
            try {
                MemorySegment address = functionAddress(header, name);
                assertEquals(loaded.symbols().find(name).orElseThrow().address(), address.address(), name);
            } catch (ExceptionInInitializerError | UnsatisfiedLinkError e) {
                missing.put(name, String.valueOf(e.getCause() != null ? e.getCause() : e));
            }
        }
        for (String name : variables) {
            if (loaded.symbols().find(name).isEmpty()) {
                missing.put(name, "variable not exported");
            } else {
                // the generated getter reads the exported variable (a property-key string pointer for OpenVINO)
                header.getMethod(name).invoke(null);
            }
        }
        Map<String, String> explained = explained(set);
        List<String> unexplained = new ArrayList<>();
        for (String name : missing.keySet()) {
            if (!explained.containsKey(name)) {
                unexplained.add(name + " (" + missing.get(name) + ")");
            }
        }
        List<String> stale = explained.keySet().stream().filter(n -> !missing.containsKey(n)).toList();
        assertTrue(unexplained.isEmpty(), set + ": symbols missing from " + loaded.location() + " without a reason in "
                + explainedFile(set) + ":\n  " + String.join("\n  ", unexplained));
        assertTrue(stale.isEmpty(), set + ": listed as missing but resolve now (remove them from "
                + explainedFile(set) + "): " + stale);
    }

    private static MemorySegment functionAddress(Class<?> header, String name) throws ReflectiveOperationException {
        try {
            try {
                return (MemorySegment) header.getMethod(name + "$address").invoke(null);
            } catch (NoSuchMethodException variadic) {
                Class<?> invoker = Class.forName(header.getName() + "$" + name);
                return (MemorySegment) invoker.getMethod("address").invoke(null);
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static Path explainedFile(String set) {
        return Pins.ROOT.resolve("src/test/resources/symbols/" + set + ".missing");
    }

    /** name → reason, from lines {@code name  # reason}. */
    private static Map<String, String> explained(String set) throws IOException {
        Map<String, String> result = new TreeMap<>();
        Path file = explainedFile(set);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int hash = line.indexOf('#');
                    assertTrue(hash > 0, "no reason given in " + file + ": " + line);
                    result.put(line.substring(0, hash).strip(), line.substring(hash + 1).strip());
                }
            }
        }
        return result;
    }
}
