package io.github.aipc4j.bindings;

import io.github.aipc4j.testing.Processes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed bindings are exactly what the generator makes from the pinned headers. ONNX Runtime's and
 * OpenVINO's headers come from the registries, so this runs everywhere; GenAI's header is in no registry, so its
 * set is checked by {@code ./jextract.sh --check} where the header is present (at generation time).
 */
class RegenerationTest {
    @Test
    void regeneratingFromThePinnedHeadersReproducesBindingsByteForByte() throws Exception {
        Processes.Result run = Processes.run(List.of("bash", "jextract.sh", "--check", "onnxruntime", "openvino"), Map.of());
        assertEquals(0, run.exitCode(), run.all());
        for (String pkg : List.of("onnxruntime", "openvino")) {
            assertTrue(run.stdout().contains("reproduces bindings/io/github/aipc4j/bindings/" + pkg + " byte for byte"),
                    run.all());
        }
    }
}
