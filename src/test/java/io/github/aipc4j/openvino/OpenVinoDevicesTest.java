package io.github.aipc4j.openvino;

import io.github.aipc4j.testing.TestArrays;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.aipc4j.openvino.TinyPhi3Ov.PROMPT;
import static io.github.aipc4j.openvino.TinyPhi3Ov.argmax;
import static io.github.aipc4j.testing.TestArrays.maxDiff;
import static io.github.aipc4j.openvino.TinyPhi3Ov.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runtime's version and devices; the tiny model on CPU through AUTO, and on GPU and NPU where this machine has
 * them (skipped, with the reason, where {@link Core#availableDevices()} lacks them).
 */
class OpenVinoDevicesTest {
    private static Core core;
    private static List<Device> devices;
    private static float[][] expected;

    @BeforeAll
    static void setUp() {
        core = Core.create();
        devices = core.availableDevices();
        expected = new Phi3Reference(TinyPhi3Ov.weights()).forward(new Phi3Reference(TinyPhi3Ov.weights()).newCache(), PROMPT);
    }

    @AfterAll
    static void tearDown() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    void theVersionIsThePinnedRelease() {
        Version v = Core.version();
        assertEquals(Pins.get("openvino", "version"), v.release());
        assertTrue(v.buildNumber().startsWith(v.release() + "-"), v.buildNumber());
        assertFalse(v.description().isBlank());
    }

    @Test
    void theCpuIsListedWithItsFullName() {
        Device cpu = devices.stream().filter(d -> d.name().equals("CPU")).findFirst().orElseThrow();
        assertEquals("CPU", cpu.type());
        assertFalse(cpu.fullName().isBlank(), "FULL_DEVICE_NAME of the CPU");
        assertEquals(devices.stream().map(Device::name).toList(), core.deviceNames());
        System.out.println("OpenVINO devices: " + devices);
    }

    /** Prefill logits of the tiny model compiled for {@code device}. */
    private static float[] prefill(String device, Properties properties) {
        try (CompiledModel compiled = core.compile(TinyPhi3Ov.onnxFile(), device, properties);
             InferRequest request = compiled.createInferRequest()) {
            TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
            request.infer();
            return TinyPhi3Ov.logits(request);
        }
    }

    private static double worstRow(float[] logits) {
        int vocab = TinyPhi3Ov.config().vocabSize();
        double worst = 0;
        for (int i = 0; i < PROMPT.length; i++) {
            worst = Math.max(worst, maxDiff(expected[i], row(logits, i, vocab)));
        }
        return worst;
    }

    @Test
    void autoPicksAnAvailableDevice() {
        float[] logits = prefill("AUTO", Properties.create().set("EXECUTION_MODE_HINT", "ACCURACY"));
        double diff = worstRow(logits);
        assertTrue(diff <= 1e-2, "AUTO: max abs diff " + diff);
    }

    private static Device first(String type) {
        return devices.stream().filter(d -> d.type().equals(type)).findFirst().orElse(null);
    }

    @Test
    void onTheGpuTheModelAgreesWithTheReference() {
        Device gpu = first("GPU");
        assumeTrue(gpu != null, "no GPU: OpenVINO lists " + devices + " (the GPU plugin needs an Intel GPU and its "
                + "OpenCL runtime, libOpenCL.so.1)");
        float[] logits = prefill(gpu.name(), Properties.create()
                .inferencePrecision(ElementType.FLOAT32).executionMode(ExecutionMode.ACCURACY));
        double diff = worstRow(logits);
        System.out.printf("OpenVINO on %s: prefill max abs diff %.3g%n", gpu, diff);
        assertTrue(diff <= 1e-3, gpu + ": max abs diff " + diff);
    }

    @Test
    void onTheNpuTheStaticallyShapedModelPicksTheReferenceTokens() {
        Device npu = first("NPU");
        assumeTrue(npu != null, "no NPU: OpenVINO lists " + devices + " (the NPU plugin needs an Intel NPU and its "
                + "driver)");
        int n = PROMPT.length;
        int kvHeads = TinyPhi3Ov.config().kvHeads();
        int headDim = TinyPhi3Ov.config().headDim();
        try (Model model = core.readModel(TinyPhi3Ov.onnxBytes())) {
            // the NPU compiles static shapes only: this prompt's length, an empty cache
            model.reshape(Map.of("input_ids", PartialShape.of(1, n), "attention_mask", PartialShape.of(1, n),
                    "position_ids", PartialShape.of(1, n)));
            for (int l = 0; l < TinyPhi3Ov.config().layers(); l++) {
                for (String kind : new String[] {".key", ".value"}) {
                    model.reshape("past_key_values." + l + kind, PartialShape.of(1, kvHeads, 0, headDim));
                }
            }
            try (CompiledModel compiled = core.compile(model, npu.name());
                 InferRequest request = compiled.createInferRequest()) {
                TinyPhi3Ov.bindOnnxPrefill(request, PROMPT);
                request.infer();
                float[] logits = TinyPhi3Ov.logits(request);
                int vocab = TinyPhi3Ov.config().vocabSize();
                System.out.printf("OpenVINO on %s: prefill max abs diff %.3g (f16)%n", npu, worstRow(logits));
                assertEquals(argmax(expected[n - 1]), argmax(row(logits, n - 1, vocab)), "greedy token on " + npu);
            }
        }
    }
}
