package io.github.aipc4j.generator.clang;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

import static io.github.aipc4j.generator.clang.LibClang.CX_LOCATION;
import static io.github.aipc4j.generator.clang.LibClang.CX_STRING;
import static io.github.aipc4j.generator.clang.LibClang.I;
import static io.github.aipc4j.generator.clang.LibClang.P;

/** File, line and column of a cursor; file is null for builtins and command-line macros. */
public record SourceLocation(String file, int line, int column) {
    static SourceLocation of(LibClang clang, MemorySegment location) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment file = arena.allocate(P);
            MemorySegment line = arena.allocate(I);
            MemorySegment column = arena.allocate(I);
            clang.call("clang_getFileLocation", FunctionDescriptor.ofVoid(CX_LOCATION, P, P, P, P),
                    location, file, line, column, MemorySegment.NULL);
            MemorySegment handle = file.get(P, 0);
            String name = handle.equals(MemorySegment.NULL) ? null
                    : clang.string((MemorySegment) clang.call("clang_getFileName", FunctionDescriptor.of(CX_STRING, P), handle));
            return new SourceLocation(name, line.get(I, 0), column.get(I, 0));
        }
    }

    /** {@code line:column}, as jextract names anonymous layouts ({@code $anon$line:column}). */
    public String lineColumn() {
        return line + ":" + column;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
