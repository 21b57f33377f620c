package io.github.aipc4j.generator.clang;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.github.aipc4j.generator.clang.LibClang.CX_CURSOR;
import static io.github.aipc4j.generator.clang.LibClang.CX_RANGE;
import static io.github.aipc4j.generator.clang.LibClang.CX_STRING;
import static io.github.aipc4j.generator.clang.LibClang.CX_TOKEN;
import static io.github.aipc4j.generator.clang.LibClang.CX_UNSAVED;
import static io.github.aipc4j.generator.clang.LibClang.I;
import static io.github.aipc4j.generator.clang.LibClang.P;

/** A parsed translation unit over an in-memory main file; closed explicitly. */
public final class TranslationUnit implements AutoCloseable {
    /** DetailedPreprocessingRecord | SkipFunctionBodies, as jextract parses. */
    public static final int OPTIONS = 1 | 64;

    private final LibClang clang;
    private final MemorySegment index;
    private final MemorySegment unit;

    public record Diagnostic(int severity, String text) {
        public boolean isError() {
            return severity >= 3;
        }
    }

    private TranslationUnit(LibClang clang, MemorySegment index, MemorySegment unit) {
        this.clang = clang;
        this.index = index;
        this.unit = unit;
    }

    /** Parses {@code contents} as the file {@code fileName} with the given clang arguments. */
    public static TranslationUnit parse(LibClang clang, String fileName, String contents, List<String> args, int options) {
        MemorySegment index = (MemorySegment) clang.call("clang_createIndex", FunctionDescriptor.of(P, I, I), 0, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(P, Math.max(1, args.size()));
            for (int i = 0; i < args.size(); i++) {
                argv.setAtIndex(P, i, arena.allocateFrom(args.get(i)));
            }
            byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
            MemorySegment unsaved = arena.allocate(CX_UNSAVED);
            unsaved.set(P, 0, arena.allocateFrom(fileName));
            unsaved.set(P, 8, arena.allocateFrom(contents));
            unsaved.set(LibClang.J, 16, bytes.length);
            MemorySegment out = arena.allocate(P);
            int rc = (int) clang.call("clang_parseTranslationUnit2", FunctionDescriptor.of(I, P, P, P, I, P, I, I, P),
                    index, arena.allocateFrom(fileName), argv, args.size(), unsaved, 1, options, out);
            if (rc != 0) {
                clang.call("clang_disposeIndex", FunctionDescriptor.ofVoid(P), index);
                throw new IllegalStateException("clang_parseTranslationUnit2 failed with CXErrorCode " + rc + " for " + args);
            }
            return new TranslationUnit(clang, index, out.get(P, 0));
        }
    }

    public Cursor cursor() {
        return new Cursor(clang, (MemorySegment) clang.call("clang_getTranslationUnitCursor",
                FunctionDescriptor.of(CX_CURSOR, P), unit));
    }

    public List<Diagnostic> diagnostics() {
        int count = (int) clang.call("clang_getNumDiagnostics", FunctionDescriptor.of(I, P), unit);
        List<Diagnostic> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MemorySegment diagnostic = (MemorySegment) clang.call("clang_getDiagnostic", FunctionDescriptor.of(P, P, I), unit, i);
            int severity = (int) clang.call("clang_getDiagnosticSeverity", FunctionDescriptor.of(I, P), diagnostic);
            String text = clang.string((MemorySegment) clang.call("clang_formatDiagnostic",
                    FunctionDescriptor.of(CX_STRING, P, I), diagnostic, 1 | 2));
            clang.call("clang_disposeDiagnostic", FunctionDescriptor.ofVoid(P), diagnostic);
            result.add(new Diagnostic(severity, text));
        }
        return result;
    }

    /** The spellings of the tokens under a cursor (a macro definition: name first, then its replacement). */
    public List<String> tokens(Cursor cursor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tokens = arena.allocate(P);
            MemorySegment count = arena.allocate(I);
            clang.call("clang_tokenize", FunctionDescriptor.ofVoid(P, CX_RANGE, P, P), unit, cursor.extent(), tokens, count);
            int n = count.get(I, 0);
            MemorySegment array = tokens.get(P, 0).reinterpret(CX_TOKEN.byteSize() * n);
            List<String> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                MemorySegment token = array.asSlice(CX_TOKEN.byteSize() * i, CX_TOKEN.byteSize());
                result.add(clang.string((MemorySegment) clang.call("clang_getTokenSpelling",
                        FunctionDescriptor.of(CX_STRING, P, CX_TOKEN), unit, token)));
            }
            if (n > 0) {
                clang.call("clang_disposeTokens", FunctionDescriptor.ofVoid(P, P, I), unit, tokens.get(P, 0), n);
            }
            return result;
        }
    }

    @Override
    public void close() {
        clang.call("clang_disposeTranslationUnit", FunctionDescriptor.ofVoid(P), unit);
        clang.call("clang_disposeIndex", FunctionDescriptor.ofVoid(P), index);
    }
}
