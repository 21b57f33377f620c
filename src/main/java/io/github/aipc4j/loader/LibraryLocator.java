package io.github.aipc4j.loader;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Finds and opens one runtime library: system property, then environment variable, then the
 * project's native folder, then the OS's default search. A place that is configured explicitly
 * (property or variable) is authoritative: if it is wrong the search stops there with an error
 * naming it, instead of silently picking another copy. Opening does not cache; {@link NativeLoader}
 * does that for the process.
 *
 * @param properties   system property lookup ({@code System::getProperty} in production)
 * @param environment  environment lookup ({@code System::getenv} in production)
 * @param nativeFolders candidate {@code native/lib/<platform>} folders, in order
 * @param osSearch     whether to fall back to the OS's default search by library name
 */
public record LibraryLocator(UnaryOperator<String> properties, UnaryOperator<String> environment,
                             List<Path> nativeFolders, boolean osSearch) {

    /** System property naming the {@code native/lib/<platform>} folder to use instead of discovering it. */
    public static final String NATIVE_DIR_PROPERTY = "aipc4j.native.dir";
    /** Environment variable naming the {@code native/lib/<platform>} folder. */
    public static final String NATIVE_DIR_VARIABLE = "AIPC4J_NATIVE_DIR";
    private static final String STAMP_PREFIX = ".aipc4j-";

    public LibraryLocator {
        nativeFolders = List.copyOf(nativeFolders);
    }

    /** The process's own configuration: real properties, environment, discovered project folder, OS search. */
    public static LibraryLocator system() {
        return new LibraryLocator(System::getProperty, System::getenv,
                discoverNativeFolders(System::getProperty, System::getenv), true);
    }

    /**
     * {@code native/lib/<platform>} as configured, or else found by walking up from the working directory
     * and from where aipc4j's classes live (a checkout's {@code target/classes} or jar).
     */
    static List<Path> discoverNativeFolders(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String configured = firstNonBlank(properties.apply(NATIVE_DIR_PROPERTY), environment.apply(NATIVE_DIR_VARIABLE));
        if (configured != null) {
            return List.of(Path.of(configured).toAbsolutePath());
        }
        Path relative = Path.of("native", "lib", Platform.current());
        List<Path> found = new ArrayList<>();
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(relative);
                if (Files.isDirectory(candidate) && !found.contains(candidate)) {
                    found.add(candidate);
                    break;
                }
            }
        }
        return found;
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource source = LibraryLocator.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Opens the runtime from the first place that has it, or throws listing every place tried. */
    public LoadedRuntime open(RuntimeLibrary runtime) {
        List<String> searched = new ArrayList<>();
        String byProperty = properties.apply(runtime.property());
        if (byProperty != null && !byProperty.isBlank()) {
            return openConfigured(runtime, Path.of(byProperty), "system property " + runtime.property(), searched);
        }
        searched.add("system property " + runtime.property() + ": not set");
        String byVariable = environment.apply(runtime.environmentVariable());
        if (byVariable != null && !byVariable.isBlank()) {
            return openConfigured(runtime, Path.of(byVariable), "environment variable " + runtime.environmentVariable(), searched);
        }
        searched.add("environment variable " + runtime.environmentVariable() + ": not set");

        if (nativeFolders.isEmpty()) {
            searched.add("project native folder: no native/lib/" + Platform.current() + " above the working directory "
                    + Path.of("").toAbsolutePath() + " or aipc4j's classes (set -D" + NATIVE_DIR_PROPERTY + ")");
        }
        for (Path folder : nativeFolders) {
            Path runtimeFolder = folder.resolve(runtime.folder());
            Optional<Path> file = findIn(runtime, runtimeFolder);
            if (file.isPresent()) {
                return openFile(runtime, file.get(), "project native folder " + folder, searched);
            }
            searched.add("project native folder " + runtimeFolder + ": " + (Files.isDirectory(runtimeFolder)
                    ? "no file named like " + runtime.systemNames().getLast() : "does not exist"));
        }

        if (osSearch) {
            for (String name : runtime.systemNames()) {
                try {
                    SymbolLookup symbols = SymbolLookup.libraryLookup(name, Arena.global());
                    // Register the file the OS found with System.load as well, so that generated bindings
                    // (SymbolLookup.loaderLookup(), as jextract emits without -l) see its symbols.
                    Optional<Path> path = symbols.find(runtime.anchorSymbol()).map(Libc::fileOf).map(Path::of);
                    path.ifPresent(p -> System.load(p.toString()));
                    return new LoadedRuntime(runtime, path, "OS library search (" + name + ")", Optional.empty(), symbols);
                } catch (IllegalArgumentException e) {
                    searched.add("OS library search for " + name + ": " + Libc.dlopenFailure(name));
                }
            }
        } else {
            searched.add("OS library search: disabled");
        }
        throw new RuntimeNotFoundException(runtime, searched);
    }

    private LoadedRuntime openConfigured(RuntimeLibrary runtime, Path configured, String source, List<String> searched) {
        Path file = configured;
        if (Files.isDirectory(configured)) {
            Optional<Path> inside = findIn(runtime, configured);
            if (inside.isEmpty()) {
                searched.add(source + " = " + configured + ": a folder without a file named like "
                        + runtime.systemNames().getLast());
                throw new RuntimeNotFoundException(runtime, searched);
            }
            file = inside.get();
        } else if (!Files.isRegularFile(configured)) {
            searched.add(source + " = " + configured + ": no such file or folder");
            throw new RuntimeNotFoundException(runtime, searched);
        }
        return openFile(runtime, file, source, searched);
    }

    private LoadedRuntime openFile(RuntimeLibrary runtime, Path file, String source, List<String> searched) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            // System.load makes the symbols visible to SymbolLookup.loaderLookup(), which the generated
            // bindings use; the library lookup gives this runtime's own symbols only.
            System.load(absolute.toString());
            SymbolLookup symbols = SymbolLookup.libraryLookup(absolute, Arena.global());
            return new LoadedRuntime(runtime, Optional.of(absolute), source, pinnedVersion(runtime, absolute.getParent()),
                    symbols);
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            searched.add(source + ": " + absolute + " exists but does not open: " + Libc.dlopenFailure(absolute.toString()));
            throw new RuntimeNotFoundException(runtime, searched);
        }
    }

    private static Optional<Path> findIn(RuntimeLibrary runtime, Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            // The highest versioned name wins, deterministically, if several copies sit side by side.
            return files.filter(p -> runtime.matchesFileName(p.getFileName().toString()) && Files.isRegularFile(p))
                    .max(Path::compareTo);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The version native/fetch.py recorded next to the library, if it put it there. */
    private static Optional<String> pinnedVersion(RuntimeLibrary runtime, Path folder) {
        Path stamp = folder.resolve(STAMP_PREFIX + runtime.id());
        try {
            String first = Files.readAllLines(stamp).getFirst().strip();
            return Optional.of(first.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
