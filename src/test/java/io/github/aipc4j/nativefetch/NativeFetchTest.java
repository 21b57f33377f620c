package io.github.aipc4j.nativefetch;

import io.github.aipc4j.testing.Pins;
import io.github.aipc4j.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** native/fetch.py on the real pins: refusals, idempotence and offline use. */
class NativeFetchTest {
    /** The smallest pinned artifact (about 2 MB), so the one test that downloads stays quick. */
    private static final String SMALL = "openvino-tokenizers";
    private static final String WRONG_DIGEST = "0".repeat(64);

    private static Processes.Result fetch(Path pins, Path downloads, Path dest, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "native/fetch.py", "--pins", pins.toString(),
                "--downloads", downloads.toString(), "--dest", dest.toString()));
        command.addAll(List.of(extra));
        return Processes.run(command, Map.of());
    }

    /** A pin file holding only {@code section} of the real one, with its digest and version replaced if given. */
    private static Path pinFile(Path dir, String section, String sha256, String version) throws IOException {
        StringBuilder text = new StringBuilder("[" + section + "]\n");
        Pins.read().get(section).forEach((key, value) -> {
            String v = key.equals("sha256") && sha256 != null ? sha256 : key.equals("version") && version != null ? version : value;
            text.append(key).append(" = ").append(v.replace("\n", "\n    ")).append('\n');
        });
        return Files.writeString(dir.resolve("pins.ini"), text);
    }

    private static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aCachedArtifactWhoseDigestDiffersFromThePinIsRefused(@TempDir Path tmp) throws Exception {
        Path dest = tmp.resolve("lib");
        Processes.Result run = fetch(pinFile(tmp, SMALL, WRONG_DIGEST, null), Pins.ROOT.resolve("native/downloads"), dest);
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("artifact '" + SMALL + "'"), run.stderr());
        assertTrue(run.stderr().contains("expected " + WRONG_DIGEST), run.stderr());
        assertTrue(run.stderr().contains("actual   " + Pins.get(SMALL, "sha256")), run.stderr());
        assertEquals(0, filesUnder(dest), "nothing may be extracted from a refused artifact");
    }

    @Test
    void aDownloadWhoseDigestDiffersFromThePinIsRefusedAndNotCached(@TempDir Path tmp) throws Exception {
        Path downloads = tmp.resolve("downloads");
        Path dest = tmp.resolve("lib");
        Processes.Result run = fetch(pinFile(tmp, SMALL, WRONG_DIGEST, null), downloads, dest);
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("the downloaded file for artifact '" + SMALL + "'"), run.stderr());
        assertTrue(run.stderr().contains("actual   " + Pins.get(SMALL, "sha256")), run.stderr());
        assertEquals(0, filesUnder(downloads), "a refused download must not stay in the cache");
        assertEquals(0, filesUnder(dest));
    }

    @Test
    void anArtifactThatCannotBeDownloadedIsNamed(@TempDir Path tmp) throws Exception {
        Processes.Result run = fetch(pinFile(tmp, SMALL, null, "1999.0.0.0"), tmp.resolve("downloads"), tmp.resolve("lib"));
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("could not download artifact '" + SMALL + "' (" + SMALL + "==1999.0.0.0"),
                run.stderr());
    }

    @Test
    void theRealPinsExtractOfflineFromTheCacheAndASecondRunIsANoOp(@TempDir Path tmp) throws Exception {
        Path dest = tmp.resolve("lib");
        Path downloads = Pins.ROOT.resolve("native/downloads");
        Processes.Result first = fetch(Pins.FILE, downloads, dest, "--offline");
        assertEquals(0, first.exitCode(), first.all());
        for (String section : Pins.read().keySet()) {
            assertTrue(first.stdout().contains(section + " " + Pins.get(section, "version") + " verified"), first.stdout());
        }
        // OpenVINO finds plugins and frontends by their exact names next to libopenvino: all in one flat folder.
        String v = Pins.get("openvino", "version").replace(".", "").substring(2);
        for (String name : List.of("libopenvino_c.so." + v, "libopenvino.so." + v, "libopenvino_intel_cpu_plugin.so",
                "libopenvino_onnx_frontend.so." + v, "libopenvino_ir_frontend.so." + v, "libtbb.so.12",
                "libopenvino_tokenizers.so")) {
            assertTrue(Files.isRegularFile(dest.resolve("openvino").resolve(name)), name);
        }
        Processes.Result second = fetch(Pins.FILE, downloads, dest, "--offline");
        assertEquals(0, second.exitCode(), second.all());
        assertFalse(second.stdout().contains("verified"), second.stdout());
        assertTrue(second.stdout().contains("onnxruntime " + Pins.get("onnxruntime", "version") + " is in place"), second.stdout());
    }
}
