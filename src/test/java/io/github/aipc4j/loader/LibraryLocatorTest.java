package io.github.aipc4j.loader;

import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryLocatorTest {
    private static final RuntimeLibrary ORT = RuntimeLibrary.ONNXRUNTIME;

    private static LibraryLocator locator(Map<String, String> properties, Map<String, String> environment,
                                          List<Path> folders, boolean osSearch) {
        return new LibraryLocator(properties::get, environment::get, folders, osSearch);
    }

    @Test
    void theProjectNativeFolderIsFoundFromTheWorkingDirectory() {
        List<Path> folders = LibraryLocator.discoverNativeFolders(k -> null, k -> null);
        assertEquals(Pins.nativeFolder(), folders.getFirst());
    }

    @Test
    void nativeDirPropertyReplacesDiscovery(@TempDir Path dir) {
        assertEquals(List.of(dir), LibraryLocator.discoverNativeFolders(
                Map.of(LibraryLocator.NATIVE_DIR_PROPERTY, dir.toString())::get, k -> null));
    }

    @Test
    void propertyNamingAFolderOpensTheLibraryInIt() {
        Path folder = Pins.nativeFolder().resolve("onnxruntime");
        LoadedRuntime ort = locator(Map.of(ORT.property(), folder.toString()), Map.of(), List.of(), false).open(ORT);
        assertEquals(folder.resolve("libonnxruntime.so." + Pins.get("onnxruntime", "version")), ort.path().orElseThrow());
        assertEquals("system property " + ORT.property(), ort.source());
        assertTrue(ort.symbols().find("OrtGetApiBase").isPresent());
    }

    @Test
    void environmentVariableNamingTheFileIsUsedWhenNoPropertyIsSet() {
        Path file = Pins.nativeFolder().resolve("onnxruntime/libonnxruntime.so." + Pins.get("onnxruntime", "version"));
        LoadedRuntime ort = locator(Map.of(), Map.of(ORT.environmentVariable(), file.toString()), List.of(), false).open(ORT);
        assertEquals(file, ort.path().orElseThrow());
        assertEquals(Pins.get("onnxruntime", "version"), ort.pinnedVersion().orElseThrow());
    }

    @Test
    void anExplicitSettingThatIsWrongStopsTheSearchAndSaysWhy(@TempDir Path empty) {
        Path missing = empty.resolve("libonnxruntime.so.1");
        RuntimeNotFoundException e = assertThrows(RuntimeNotFoundException.class, () -> locator(
                Map.of(ORT.property(), missing.toString()), Map.of(), List.of(Pins.nativeFolder()), true).open(ORT));
        assertEquals(List.of("system property aipc4j.onnxruntime.path = " + missing + ": no such file or folder"), e.searched());
        assertTrue(e.getMessage().contains(RuntimeNotFoundException.FETCH_COMMAND), e.getMessage());
    }

    @Test
    void nothingFoundListsEveryPlaceInOrderWithTheFetchCommand(@TempDir Path emptyNative) {
        RuntimeNotFoundException e = assertThrows(RuntimeNotFoundException.class,
                () -> locator(Map.of(), Map.of(), List.of(emptyNative), false).open(RuntimeLibrary.OPENVINO));
        assertEquals(List.of(
                "system property aipc4j.openvino.path: not set",
                "environment variable AIPC4J_OPENVINO_PATH: not set",
                "project native folder " + emptyNative.resolve("openvino") + ": does not exist",
                "OS library search: disabled"), e.searched());
        assertTrue(e.getMessage().startsWith("OpenVINO (C API) (openvino) could not be loaded. Searched:"), e.getMessage());
        assertTrue(e.getMessage().contains("`python3 native/fetch.py`"), e.getMessage());
    }

    @Test
    void osSearchFailuresCarryTheDynamicLoadersReason(@TempDir Path emptyNative) {
        RuntimeNotFoundException e = assertThrows(RuntimeNotFoundException.class,
                () -> locator(Map.of(), Map.of(), List.of(emptyNative), true).open(RuntimeLibrary.OPENVINO));
        assertTrue(e.searched().getLast().startsWith("OS library search for libopenvino_c.so: libopenvino_c.so: cannot open"),
                e.getMessage());
    }

    @Test
    void aFileThatIsNoLibraryIsRefusedWithTheLoadersReason(@TempDir Path folder) throws IOException {
        Path fake = Files.writeString(folder.resolve("libonnxruntime.so.1"), "not an ELF file");
        RuntimeNotFoundException e = assertThrows(RuntimeNotFoundException.class,
                () -> locator(Map.of(ORT.property(), folder.toString()), Map.of(), List.of(), false).open(ORT));
        String last = e.searched().getLast();
        assertTrue(last.contains(fake + " exists but does not open"), last);
        assertTrue(last.contains("invalid ELF header") || last.contains("file too short"), last);
    }
}
