package io.github.aipc4j.modelfactory;

import io.github.aipc4j.testing.TestArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.github.aipc4j.modelfactory.OvAgreement.PROMPT;
import static io.github.aipc4j.modelfactory.OvAgreement.TOLERANCE;
import static io.github.aipc4j.modelfactory.OvAgreement.argmax;
import static io.github.aipc4j.modelfactory.OvAgreement.assertRowsAgree;
import static io.github.aipc4j.testing.TestArrays.maxDiff;
import static io.github.aipc4j.testing.TestArrays.ones;
import static io.github.aipc4j.testing.TestArrays.positions;
import static io.github.aipc4j.testing.TestArrays.toLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny Phi-3 model as a stateful OpenVINO IR (made from its ONNX by the pinned openvino package's conversion
 * and make-stateful transformation, {@link OpenVinoIr}) run on CPU with a Java token loop, against the reference.
 */
class Phi3OpenVinoStatefulIrTest {
    private static final int STEPS = 8;

    @TempDir
    static Path dir;

    private static Phi3Weights weights;
    private static Path xml;
    private static OvRaw ov;

    @BeforeAll
    static void convertAndCompile() {
        weights = Phi3Weights.generate(Phi3Config.tiny());
        Path onnx = Phi3Onnx.build(weights).write(dir.resolve("model.onnx"));
        xml = OpenVinoIr.writeStateful(onnx, dir.resolve("ir"));
        ov = OvRaw.create().compileFile(xml);
    }

    @AfterAll
    static void close() {
        if (ov != null) {
            ov.close();
        }
    }

    /** One call of the stateful model: tokens after {@code past} cached ones; returns the logits. */
    private static OvRaw.Output run(OvRaw.Request request, int[] tokens, int past) {
        int n = tokens.length;
        try (Arena arena = Arena.ofConfined()) {
            request.setLongs(arena, "input_ids", toLongs(tokens), 1, n);
            request.setLongs(arena, "attention_mask", ones(past + n), 1, past + n); // covers past + current
            request.setLongs(arena, "position_ids", positions(past, n), 1, n);
            request.setInts(arena, "beam_idx", new int[] {0}, 1); // on every call, as GenAI does
            request.infer();
            OvRaw.Output logits = request.get("logits");
            assertArrayEquals(new long[] {1, n, weights.config().vocabSize()}, logits.shape());
            return logits;
        }
    }

    @Test
    void theIrIsLaidOutLikeAnOptimumIntelExport() throws Exception {
        assertEquals("openvino_model.xml", xml.getFileName().toString());
        assertTrue(Files.isRegularFile(xml.resolveSibling("openvino_model.bin")));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Map<String, String> parameters = new TreeMap<>();
        List<String> results = new ArrayList<>();
        TreeSet<String> readValues = new TreeSet<>();
        TreeSet<String> assigns = new TreeSet<>();
        NodeList layers = doc.getElementsByTagName("layer");
        for (int i = 0; i < layers.getLength(); i++) {
            Element layer = (Element) layers.item(i);
            Element data = (Element) layer.getElementsByTagName("data").item(0);
            switch (layer.getAttribute("type")) {
                case "Parameter" -> parameters.put(layer.getAttribute("name"),
                        data.getAttribute("element_type") + " [" + data.getAttribute("shape") + "]");
                case "Result" -> results.add(layer.getAttribute("output_names"));
                case "ReadValue" -> {
                    readValues.add(data.getAttribute("variable_id"));
                    assertEquals("f32", data.getAttribute("variable_type"));
                    assertEquals("?,2,?,8", data.getAttribute("variable_shape"));
                }
                case "Assign" -> assigns.add(data.getAttribute("variable_id"));
                case "Const" -> assertTrue(!"f16".equals(data.getAttribute("element_type")),
                        "weights compressed to f16: " + layer.getAttribute("name"));
                default -> { }
            }
        }
        assertEquals(Map.of("input_ids", "i64 [?,?]", "attention_mask", "i64 [?,?]", "position_ids", "i64 [?,?]",
                "beam_idx", "i32 [?]"), parameters);
        assertEquals(List.of("logits"), results);
        TreeSet<String> variables = new TreeSet<>();
        for (int l = 0; l < weights.config().layers(); l++) {
            variables.add("past_key_values." + l + ".keypresent." + l + ".key");
            variables.add("past_key_values." + l + ".valuepresent." + l + ".value");
        }
        assertEquals(variables, readValues);
        assertEquals(variables, assigns);

        // fuse_cache_reorder: beam_idx is the indices input of one Gather per cache variable, fed by its ReadValue
        Map<String, Element> byId = new TreeMap<>();
        for (int i = 0; i < layers.getLength(); i++) {
            Element layer = (Element) layers.item(i);
            byId.put(layer.getAttribute("id"), layer);
        }
        String beamIdx = null;
        for (Element layer : byId.values()) {
            if (layer.getAttribute("name").equals("beam_idx")) {
                beamIdx = layer.getAttribute("id");
            }
        }
        NodeList edges = doc.getElementsByTagName("edge");
        List<String> gathers = new ArrayList<>();
        for (int i = 0; i < edges.getLength(); i++) {
            Element edge = (Element) edges.item(i);
            if (edge.getAttribute("from-layer").equals(beamIdx)) {
                Element consumer = byId.get(edge.getAttribute("to-layer"));
                assertEquals("Gather", consumer.getAttribute("type"));
                assertEquals("1", edge.getAttribute("to-port"), "beam_idx should be the Gather's indices");
                gathers.add(consumer.getAttribute("id"));
            }
        }
        TreeSet<String> gathered = new TreeSet<>();
        for (int i = 0; i < edges.getLength(); i++) {
            Element edge = (Element) edges.item(i);
            Element producer = byId.get(edge.getAttribute("from-layer"));
            if (gathers.contains(edge.getAttribute("to-layer")) && edge.getAttribute("to-port").equals("0")) {
                assertEquals("ReadValue", producer.getAttribute("type"));
                gathered.add(((Element) producer.getElementsByTagName("data").item(0)).getAttribute("variable_id"));
            }
        }
        assertEquals(variables, gathered, "one beam_idx Gather per cache variable");
    }

    @Test
    void prefillAndGreedyStepsEqualTheReferenceAndANewRequestStartsOver() {
        int vocab = weights.config().vocabSize();
        Phi3Reference reference = new Phi3Reference(weights);
        Phi3Reference.Cache cache = reference.newCache();
        float[][] expectedPrefill = reference.forward(cache, PROMPT);
        int[] expectedTokens = new int[STEPS];
        float[][] expectedSteps = new float[STEPS][];
        int token = argmax(expectedPrefill[PROMPT.length - 1]);
        for (int i = 0; i < STEPS; i++) {
            expectedTokens[i] = token;
            expectedSteps[i] = reference.forward(cache, token)[0];
            token = argmax(expectedSteps[i]);
        }

        OvRaw.Output firstPrefill;
        int[] tokens = new int[STEPS];
        double worstStep = 0;
        try (OvRaw.Request request = ov.newRequest()) {
            firstPrefill = run(request, PROMPT, 0);
            double prefillDiff = assertRowsAgree(expectedPrefill, firstPrefill, vocab, "stateful IR prefill");
            token = argmax(firstPrefill.row(PROMPT.length - 1, vocab));
            for (int i = 0; i < STEPS; i++) {
                tokens[i] = token;
                float[] logits = run(request, new int[] {token}, PROMPT.length + i).row(0, vocab);
                double diff = maxDiff(expectedSteps[i], logits);
                assertTrue(diff <= TOLERANCE, "step " + i + ": max abs diff " + diff);
                worstStep = Math.max(worstStep, diff);
                token = argmax(logits);
            }
            System.out.printf("OpenVINO stateful IR: prefill max abs diff %.3g, %d greedy steps max abs diff %.3g, "
                    + "tokens %s%n", prefillDiff, STEPS, worstStep, Arrays.toString(tokens));
        }
        assertArrayEquals(expectedTokens, tokens, "greedy tokens");
        assertTrue(Arrays.stream(expectedTokens).distinct().count() > 2, "the continuation should not be one repeated token");

        // The C API has no reset-state call: a new infer request starts from the ReadValue initializers (empty cache).
        try (OvRaw.Request fresh = ov.newRequest()) {
            OvRaw.Output again = run(fresh, PROMPT, 0);
            assertArrayEquals(firstPrefill.shape(), again.shape());
            double diff = maxDiff(firstPrefill.data(), again.data());
            System.out.printf("OpenVINO stateful IR: fresh request's prefill vs the first request's: max abs diff %.3g%n", diff);
            assertEquals(0.0, diff, "a fresh request's prefill should repeat the first request's logits");
        }
    }

    @Test
    void aFailedConversionCarriesTheScriptsStandardError() throws Exception {
        Path bogus = Files.writeString(dir.resolve("not-a-model.onnx"), "this is not a protobuf");
        OpenVinoIr.ConversionException e = assertThrows(OpenVinoIr.ConversionException.class,
                () -> OpenVinoIr.writeStateful(bogus, dir.resolve("bogus-ir")));
        assertEquals(1, e.exitCode());
        assertTrue(e.stderr().contains("make_stateful_ir: ERROR"), e.stderr());
        assertTrue(e.getMessage().contains(e.stderr().strip()), e.getMessage());
    }
}
