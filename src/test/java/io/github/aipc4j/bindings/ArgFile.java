package io.github.aipc4j.bindings;

import io.github.aipc4j.testing.Pins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The declarations a generator argument file (src/generator/args/SET.args) asks for. */
record ArgFile(String set) {
    Path path() {
        return Pins.ROOT.resolve("src/generator/args/" + set + ".args");
    }

    /** Names following {@code --include-KIND}, in file order. */
    List<String> names(String kind) {
        try {
            return Files.readAllLines(path()).stream()
                    .filter(line -> line.startsWith("--include-" + kind + " "))
                    .map(line -> line.split("\\s+")[1])
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package the set is generated into ({@code -t}). */
    String targetPackage() {
        try {
            return Files.readAllLines(path()).stream().filter(l -> l.startsWith("-t ")).findFirst()
                    .orElseThrow().substring(3).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
