package io.github.aipc4j.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generated bindings agree with the C compiler on the ABI: for every struct, union and struct typedef of each
 * header set, {@code sizeof}, {@code _Alignof}, and the offset and size of every named member equal the Java layout's;
 * every constant equals its Java getter (see {@link AbiProbe} for what exactly is checked).
 *
 * <p>ONNX Runtime and OpenVINO are compiled live with gcc from {@code native/headers/} (a missing header folder is a
 * failure: {@code python3 native/headers.py onnxruntime openvino} creates it). The GenAI header cannot be obtained in
 * CI, so GenAI's bindings are compared with gcc's values committed in
 * {@code src/test/resources/abi/onnxruntime-genai.expected} (written by {@link AbiExpectations}), and those with a live
 * gcc run where the header is present.
 */
class AbiConformanceTest {
    private static final String GENAI_EXPECTED = "abi/onnxruntime-genai.expected";

    @TempDir
    Path work;

    @Test
    void onnxruntimeLayoutsAndConstantsMatchGccOnTheOrtHeaders() {
        assertLiveConformance("onnxruntime");
    }

    @Test
    void openvinoLayoutsAndConstantsMatchGccOnTheOpenVinoHeaders() {
        assertLiveConformance("openvino");
    }

    @Test
    void genaiLayoutsAndConstantsMatchTheCommittedGccExpectations() throws IOException {
        AbiProbe.JavaSide java = AbiProbe.javaSide(AbiProbe.load(AbiProbe.projectRoot(), "onnxruntime-genai"));
        Map<String, String> expected = AbiProbe.parse(committedGenAiExpectations());
        assertConforms(java, expected, "committed gcc", "the committed gcc expectations (" + GENAI_EXPECTED
                + "; regenerate with AbiExpectations if the bindings were regenerated)");
    }

    private void assertLiveConformance(String setName) {
        AbiProbe.HeaderSet set = AbiProbe.load(AbiProbe.projectRoot(), setName);
        AbiProbe.JavaSide java = AbiProbe.javaSide(set);
        assertConforms(java, gcc(set, java), "gcc", "gcc on " + set.headerRelative());
    }

    private Map<String, String> gcc(AbiProbe.HeaderSet set, AbiProbe.JavaSide java) {
        try {
            return AbiProbe.runGcc(set, java.checks(), work);
        } catch (IllegalStateException e) {
            return fail(e.getMessage(), e);
        }
    }

    private static void assertConforms(AbiProbe.JavaSide java, Map<String, String> c, String cShort, String cName) {
        assertFalse(java.checks().isEmpty(), java.set().name() + ": nothing to check (argument file empty?)");
        List<String> mismatches = AbiProbe.compare(java, c, cShort);
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " ABI mismatches between " + java.set().targetPackage() + " and " + cName
                 + " (" + java.records() + " records, " + java.fields() + " fields, " + java.constants()
                 + " constants checked):\n  " + String.join("\n  ", mismatches));
        }
    }

    private static List<String> committedGenAiExpectations() throws IOException {
        try (InputStream in = AbiConformanceTest.class.getClassLoader().getResourceAsStream(GENAI_EXPECTED)) {
            assertNotNull(in, GENAI_EXPECTED + " is not on the test class path; write it with AbiExpectations");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
