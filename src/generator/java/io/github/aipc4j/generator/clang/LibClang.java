package io.github.aipc4j.generator.clang;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of libclang's C API the generator needs, called through FFM (hand-written: the generator cannot
 * depend on bindings it generates). One instance per process; single-threaded like libclang's traversal.
 */
public final class LibClang {
    static final AddressLayout P = ValueLayout.ADDRESS;
    static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
    static final StructLayout CX_STRING = MemoryLayout.structLayout(P, I, MemoryLayout.paddingLayout(4));
    static final StructLayout CX_CURSOR = MemoryLayout.structLayout(I, I, MemoryLayout.sequenceLayout(3, P));
    static final StructLayout CX_TYPE = MemoryLayout.structLayout(I, MemoryLayout.paddingLayout(4), MemoryLayout.sequenceLayout(2, P));
    static final StructLayout CX_LOCATION = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(2, P), I, MemoryLayout.paddingLayout(4));
    static final StructLayout CX_RANGE = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(2, P), I, I);
    static final StructLayout CX_TOKEN = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(4, I), P);
    static final StructLayout CX_UNSAVED = MemoryLayout.structLayout(P, P, J);

    /** Where Debian's libclang1-14 / -16 put the library and its builtin headers. */
    private static final List<String[]> DEBIAN = List.of(
            new String[] {"/usr/lib/llvm-14/lib/libclang.so.1", "/usr/lib/llvm-14/lib/clang/14.0.6"},
            new String[] {"/usr/lib/llvm-16/lib/libclang.so.1", "/usr/lib/llvm-16/lib/clang/16"});

    private static LibClang instance;

    final Arena arena = Arena.ofShared();
    private final SymbolLookup lookup;
    private final Map<String, MethodHandle> handles = new HashMap<>();
    private final Path resourceDir;
    private final MemorySegment visitor;
    private List<Cursor> visitSink;

    private LibClang(Path library, Path resourceDir) {
        this.lookup = SymbolLookup.libraryLookup(library, Arena.global());
        this.resourceDir = resourceDir;
        try {
            MethodHandle visit = MethodHandles.lookup().findVirtual(LibClang.class, "visit",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
            visitor = Linker.nativeLinker().upcallStub(visit.bindTo(this),
                    FunctionDescriptor.of(I, CX_CURSOR, CX_CURSOR, P), arena);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * libclang from {@code -Dlibclang.path} / {@code $LIBCLANG_PATH} with {@code -Dlibclang.resource.dir} /
     * {@code $LIBCLANG_RESOURCE_DIR}, else Debian's libclang 14 or 16.
     */
    public static synchronized LibClang get() {
        if (instance == null) {
            String library = setting("libclang.path", "LIBCLANG_PATH");
            String resources = setting("libclang.resource.dir", "LIBCLANG_RESOURCE_DIR");
            if (library == null) {
                for (String[] candidate : DEBIAN) {
                    if (Files.exists(Path.of(candidate[0]))) {
                        library = candidate[0];
                        resources = resources != null ? resources : candidate[1];
                        break;
                    }
                }
            }
            if (library == null || resources == null) {
                throw new IllegalStateException("libclang not found: install Debian's libclang1-14 and libclang-common-14-dev "
                        + "(jextract.sh does), or set LIBCLANG_PATH and LIBCLANG_RESOURCE_DIR");
            }
            // libclang's crash recovery installs signal handlers that fight the JVM's.
            Libc.setenv("LIBCLANG_DISABLE_CRASH_RECOVERY", "1");
            instance = new LibClang(Path.of(library), Path.of(resources));
        }
        return instance;
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }

    public Path resourceDir() {
        return resourceDir;
    }

    MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return handles.computeIfAbsent(name, n -> Linker.nativeLinker().downcallHandle(
                lookup.find(n).orElseThrow(() -> new UnsatisfiedLinkError("libclang lacks " + n)), descriptor));
    }

    Object call(String name, FunctionDescriptor descriptor, Object... args) {
        try {
            MethodHandle mh = handle(name, descriptor);
            if (descriptor.returnLayout().filter(l -> l instanceof StructLayout).isPresent()) {
                Object[] withAllocator = new Object[args.length + 1];
                withAllocator[0] = arena;
                System.arraycopy(args, 0, withAllocator, 1, args.length);
                return mh.invokeWithArguments(withAllocator);
            }
            return mh.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(name, t);
        }
    }

    /** Copies a returned CXString and disposes it. */
    String string(MemorySegment cxString) {
        MemorySegment chars = (MemorySegment) call("clang_getCString", FunctionDescriptor.of(P, CX_STRING), cxString);
        String value = chars.equals(MemorySegment.NULL) ? "" : chars.reinterpret(Long.MAX_VALUE).getString(0);
        call("clang_disposeString", FunctionDescriptor.ofVoid(CX_STRING), cxString);
        return value;
    }

    public String version() {
        return string((MemorySegment) call("clang_getClangVersion", FunctionDescriptor.of(CX_STRING)));
    }

    /** Direct children of a cursor, in source order (copied out of the upcall). */
    List<Cursor> children(Cursor parent) {
        List<Cursor> previous = visitSink;
        visitSink = new ArrayList<>();
        try {
            call("clang_visitChildren", FunctionDescriptor.of(I, CX_CURSOR, P, P), parent.segment(), visitor, MemorySegment.NULL);
            return visitSink;
        } finally {
            visitSink = previous;
        }
    }

    @SuppressWarnings("unused") // upcall target
    private int visit(MemorySegment cursor, MemorySegment parent, MemorySegment data) {
        MemorySegment copy = arena.allocate(CX_CURSOR);
        copy.copyFrom(cursor);
        visitSink.add(new Cursor(this, copy));
        return 1; // CXChildVisit_Continue
    }
}
