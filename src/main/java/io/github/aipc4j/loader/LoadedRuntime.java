package io.github.aipc4j.loader;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A runtime library opened for the life of the process (never unloaded: OpenVINO's TBB workers and
 * GenAI's globals do not survive {@code dlclose}).
 *
 * @param runtime       which runtime
 * @param path          the file opened, when known (empty when the OS search found it by name)
 * @param source        where it was found, in words (e.g. "system property aipc4j.openvino.path")
 * @param pinnedVersion the version recorded by {@code native/fetch.py} beside the file, when it came from there
 * @param symbols       lookup of the library's exported symbols
 */
public record LoadedRuntime(RuntimeLibrary runtime, Optional<Path> path, String source,
                            Optional<String> pinnedVersion, SymbolLookup symbols) {

    /** The address of an exported symbol; a missing one is an {@link UnsatisfiedLinkError} naming library and symbol. */
    public MemorySegment symbol(String name) {
        return symbols.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "symbol " + name + " is not exported by " + runtime.displayName() + " loaded from "
                        + path.map(Path::toString).orElse(source) + pinnedVersion.map(v -> " (version " + v + ")").orElse("")));
    }

    /** A downcall handle for an exported function; a missing symbol throws as {@link #symbol(String)} does. */
    public MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(symbol(name), descriptor);
    }

    /** The library file if known, else the source description; for messages and {@code info}. */
    public String location() {
        return path.map(Path::toString).orElse(source);
    }
}
