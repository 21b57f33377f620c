package io.github.aipc4j.generator;

import io.github.aipc4j.generator.clang.SourceLocation;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;

/** jextract-style warnings ({@code file:line:col: warning: Skipping NAME (reason)}), each printed once. */
final class Warnings {
    private final PrintStream out;
    private final Set<String> seen = new LinkedHashSet<>();

    Warnings(PrintStream out) {
        this.out = out;
    }

    void skip(SourceLocation where, String name, String reason) {
        String line = where + ": warning: Skipping " + name + " (" + reason + ")";
        if (seen.add(line)) {
            out.println(line);
        }
    }
}
