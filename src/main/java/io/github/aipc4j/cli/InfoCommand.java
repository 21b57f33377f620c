package io.github.aipc4j.cli;

import io.github.aipc4j.genai.GenAiProbe;
import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.Platform;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.loader.RuntimeNotFoundException;
import io.github.aipc4j.openvino.OpenVinoProbe;
import io.github.aipc4j.ort.OrtVersion;
import io.github.aipc4j.ort.Providers;

import java.io.PrintStream;
import java.util.function.Function;

/** {@code aipc4j info}: loads all three runtimes and reports their versions, files and OpenVINO's devices. */
final class InfoCommand {
    private InfoCommand() {
    }

    /** Prints the report; returns the exit status (0 when every runtime loaded and answered). */
    static int run(PrintStream out, PrintStream err) {
        out.println("aipc4j on Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                + Platform.current());
        boolean ok = report(out, err, RuntimeLibrary.ONNXRUNTIME, ort -> "version " + OrtVersion.get()
                + ", providers " + String.join(", ", Providers.available()));
        ok &= report(out, err, RuntimeLibrary.GENAI, genai -> "version " + genai.pinnedVersion().orElse("unknown (not from native/)")
                + ", empty OgaSequences count " + GenAiProbe.emptySequencesCount());
        ok &= report(out, err, RuntimeLibrary.OPENVINO, ov -> "version " + OpenVinoProbe.version()
                + ", devices " + String.join(", ", OpenVinoProbe.devices().stream().map(Object::toString).toList()));
        return ok ? 0 : 1;
    }

    private static boolean report(PrintStream out, PrintStream err, RuntimeLibrary runtime,
                                  Function<LoadedRuntime, String> describe) {
        try {
            LoadedRuntime loaded = NativeLoader.load(runtime);
            out.printf("%-20s %s%n%-20s   from %s%n", runtime.displayName(), describe.apply(loaded), "", loaded.location());
            return true;
        } catch (RuntimeNotFoundException e) {
            err.println(e.getMessage());
            return false;
        } catch (RuntimeException e) {
            err.println(runtime.displayName() + " loaded but failed: " + e);
            return false;
        }
    }
}
