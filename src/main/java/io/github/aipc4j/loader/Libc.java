package io.github.aipc4j.loader;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few libc calls the loader needs: {@code setenv}/{@code getenv} (the JVM's environment is a
 * snapshot, but GenAI reads the process's real one) and {@code dlopen}/{@code dlerror} (to say why
 * a library would not open; the JDK's own message omits the reason).
 */
final class Libc {
    private static final int RTLD_NOW = 2;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SETENV = downcall("setenv", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETENV = downcall("getenv", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle DLOPEN = downcall("dlopen", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle DLCLOSE = downcall("dlclose", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS));
    private static final MethodHandle DLERROR = downcall("dlerror", FunctionDescriptor.of(ValueLayout.ADDRESS));
    private static final MethodHandle DLADDR = downcall("dladdr", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private Libc() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc does not export " + name));
        return LINKER.downcallHandle(address, descriptor);
    }

    /** Sets a variable in the process environment, where native code reads it. */
    static void setenv(String name, String value) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + name + ") failed with " + rc);
            }
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Reads the process environment as native code sees it (not the JVM's start-up snapshot). */
    static String getenv(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(name));
            return NativeCalls.string(value);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** The file of the shared object holding {@code address} ({@code dladdr}'s {@code dli_fname}), or null. */
    static String fileOf(MemorySegment address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(4 * ValueLayout.ADDRESS.byteSize()); // Dl_info: four pointers
            int found = (int) DLADDR.invokeExact(address, info);
            return found == 0 ? null : NativeCalls.string(info.get(ValueLayout.ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Why {@code dlopen} refuses a library, in the dynamic loader's words; used on failure paths only. */
    static String dlopenFailure(String nameOrPath) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) DLOPEN.invokeExact(arena.allocateFrom(nameOrPath), RTLD_NOW);
            if (!handle.equals(MemorySegment.NULL)) {
                int ignored = (int) DLCLOSE.invokeExact(handle);
                return "dlopen succeeded on a second try";
            }
            MemorySegment error = (MemorySegment) DLERROR.invokeExact();
            return error.equals(MemorySegment.NULL) ? "dlopen failed without a reason" : NativeCalls.string(error);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }
}
