package io.github.aipc4j.modelfactory;

import io.github.aipc4j.testing.TestArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import static io.github.aipc4j.modelfactory.OvAgreement.PROMPT;
import static io.github.aipc4j.modelfactory.OvAgreement.TOLERANCE;
import static io.github.aipc4j.modelfactory.OvAgreement.argmax;
import static io.github.aipc4j.modelfactory.OvAgreement.assertRowsAgree;
import static io.github.aipc4j.testing.TestArrays.maxDiff;
import static io.github.aipc4j.testing.TestArrays.ones;
import static io.github.aipc4j.testing.TestArrays.positions;
import static io.github.aipc4j.testing.TestArrays.toLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny Phi-3 model's stateless ONNX graph read by OpenVINO's ONNX frontend (from memory) and run on CPU with
 * explicit KV tensors, against the Java reference forward pass.
 */
class Phi3OpenVinoTest {
    private static Phi3Weights weights;
    private static OvRaw ov;

    @BeforeAll
    static void load() {
        weights = Phi3Weights.generate(Phi3Config.tiny());
        ov = OvRaw.create().compileOnnx(Phi3Onnx.build(weights).toBytes());
    }

    @AfterAll
    static void close() {
        if (ov != null) {
            ov.close();
        }
    }

    /** Logits and present tensors of one run of the graph on tokens at positions past..past+n-1. */
    private record Step(OvRaw.Output logits, List<OvRaw.Output> present) {
    }

    /** One run: {@code past} is null for an empty cache (zero-size tensors), else the previous presents. */
    private static Step run(OvRaw.Request request, int[] tokens, int past, List<OvRaw.Output> cache) {
        Phi3Config c = weights.config();
        int n = tokens.length;
        try (Arena arena = Arena.ofConfined()) {
            request.setLongs(arena, "input_ids", toLongs(tokens), 1, n);
            request.setLongs(arena, "attention_mask", ones(past + n), 1, past + n);
            request.setLongs(arena, "position_ids", positions(past, n), 1, n);
            for (int l = 0; l < c.layers(); l++) {
                for (int kv = 0; kv < 2; kv++) {
                    String name = "past_key_values." + l + (kv == 0 ? ".key" : ".value");
                    // the present tensors are copied into Java and handed back as host tensors: never feed a
                    // request's own output buffer back as its input
                    float[] data = cache == null ? new float[0] : cache.get(2 * l + kv).data();
                    request.setFloats(arena, name, data, 1, c.kvHeads(), past, c.headDim());
                }
            }
            request.infer();
            OvRaw.Output logits = request.get("logits");
            assertArrayEquals(new long[] {1, n, c.vocabSize()}, logits.shape());
            List<OvRaw.Output> present = new ArrayList<>();
            for (int l = 0; l < c.layers(); l++) {
                for (String kind : new String[] {".key", ".value"}) {
                    OvRaw.Output t = request.get("present." + l + kind);
                    assertArrayEquals(new long[] {1, c.kvHeads(), past + n, c.headDim()}, t.shape(), "present." + l + kind);
                    present.add(t);
                }
            }
            return new Step(logits, present);
        }
    }

    @Test
    void prefillLogitsAndCacheEqualTheReference() {
        Phi3Config c = weights.config();
        Phi3Reference reference = new Phi3Reference(weights);
        Phi3Reference.Cache cache = reference.newCache();
        float[][] expected = reference.forward(cache, PROMPT);
        Step step;
        try (OvRaw.Request request = ov.newRequest()) {
            step = run(request, PROMPT, 0, null);
        }
        double diff = assertRowsAgree(expected, step.logits(), c.vocabSize(), "OpenVINO (ONNX) prefill");
        System.out.printf("OpenVINO ONNX prefill: max abs diff %.3g over %d positions%n", diff, PROMPT.length);

        // present.N.key/value [1, kvHeads, P, headDim] hold what the reference cached (keys after rotation)
        double cacheDiff = 0;
        for (int l = 0; l < c.layers(); l++) {
            float[] keys = step.present().get(2 * l).data();
            float[] values = step.present().get(2 * l + 1).data();
            for (int h = 0; h < c.kvHeads(); h++) {
                for (int t = 0; t < PROMPT.length; t++) {
                    for (int d = 0; d < c.headDim(); d++) {
                        int i = (h * PROMPT.length + t) * c.headDim() + d;
                        cacheDiff = Math.max(cacheDiff, Math.abs(keys[i] - cache.key(l, h, t, d)));
                        cacheDiff = Math.max(cacheDiff, Math.abs(values[i] - cache.value(l, h, t, d)));
                    }
                }
            }
        }
        assertTrue(cacheDiff <= TOLERANCE, "present tensors vs the reference's cache: max abs diff " + cacheDiff);
    }

    @Test
    void incrementalStepWithPresentFedBackAsPastEqualsTheReference() {
        Phi3Reference reference = new Phi3Reference(weights);
        Phi3Reference.Cache cache = reference.newCache();
        float[][] prompt = reference.forward(cache, PROMPT);
        int next = argmax(prompt[PROMPT.length - 1]);
        float[] expected = reference.forward(cache, next)[0];

        try (OvRaw.Request request = ov.newRequest()) {
            Step prefill = run(request, PROMPT, 0, null);
            assertTrue(argmax(prefill.logits().row(PROMPT.length - 1, weights.config().vocabSize())) == next,
                    "OpenVINO's greedy token after the prompt differs from the reference's " + next);
            Step step = run(request, new int[] {next}, PROMPT.length, prefill.present());
            double diff = maxDiff(expected, step.logits().row(0, weights.config().vocabSize()));
            System.out.printf("OpenVINO ONNX incremental step: max abs diff %.3g%n", diff);
            assertTrue(diff <= TOLERANCE, "incremental step vs the reference: max abs diff " + diff);
        }
    }
}
