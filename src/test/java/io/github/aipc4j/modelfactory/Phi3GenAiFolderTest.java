package io.github.aipc4j.modelfactory;

import io.github.aipc4j.testing.TinyPhi3Model;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ONNX Runtime GenAI loads the tiny model folder (model, genai_config.json, Phi-3 tokenizer files), tokenizes with
 * the real Phi-3 vocabulary, and its own greedy loop produces the reference forward pass's tokens. Uses the raw
 * generated bindings; the idiomatic GenAI layer is built on the same calls.
 */
class Phi3GenAiFolderTest {
    private static void check(MemorySegment result) {
        if (result.address() != 0) {
            String message = OgaResultGetError(result).getString(0);
            OgaDestroyResult(result);
            throw new AssertionError("GenAI: " + message);
        }
    }

    @Test
    void genaiLoadsTheFolderTokenizesAndGeneratesTheReferenceTokens(@TempDir Path dir) throws Exception {
        Phi3Weights weights = Phi3Weights.generate(Phi3Config.tiny());
        Phi3ModelFolder.write(dir, weights, Pins.ROOT.resolve("native/tokenizers/phi3"));
        NativeLoader.load(RuntimeLibrary.GENAI);
        int newTokens = 12;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            check(OgaCreateModel(arena.allocateFrom(dir.toString()), out));
            MemorySegment model = out.get(C_POINTER, 0);
            try {
                check(OgaCreateTokenizer(model, out));
                MemorySegment tokenizer = out.get(C_POINTER, 0);
                check(OgaCreateSequences(out));
                MemorySegment sequences = out.get(C_POINTER, 0);
                int[] prompt;
                try {
                    check(OgaTokenizerEncode(tokenizer, arena.allocateFrom("<|user|>\nHello world<|end|>\n<|assistant|>\n"), sequences));
                    long n = OgaSequencesGetSequenceCount(sequences, 0);
                    prompt = OgaSequencesGetSequenceData(sequences, 0).reinterpret(4 * n).toArray(ValueLayout.JAVA_INT);
                } finally {
                    OgaDestroySequences(sequences);
                    OgaDestroyTokenizer(tokenizer);
                }
                // Phi-3's tokenizer: special tokens are single ids, no BOS is added
                assertArrayEquals(new int[] {32010, 15043, 3186, 32007, 32001}, prompt);

                Phi3Reference reference = new Phi3Reference(weights);
                Phi3Reference.Cache cache = reference.newCache();
                float[][] logits = reference.forward(cache, prompt);
                int[] expected = new int[newTokens];
                int token = TinyPhi3Model.argmax(logits[logits.length - 1]);
                for (int i = 0; i < newTokens; i++) {
                    expected[i] = token;
                    token = TinyPhi3Model.argmax(reference.forward(cache, token)[0]);
                }

                check(OgaCreateGeneratorParams(model, out));
                MemorySegment params = out.get(C_POINTER, 0);
                check(OgaGeneratorParamsSetSearchNumber(params, arena.allocateFrom("max_length"), prompt.length + newTokens));
                check(OgaCreateGenerator(model, params, out));
                MemorySegment generator = out.get(C_POINTER, 0);
                int[] generated = new int[newTokens];
                int count = 0;
                try {
                    check(OgaGenerator_AppendTokens(generator, arena.allocateFrom(ValueLayout.JAVA_INT, prompt), prompt.length));
                    MemorySegment tokens = arena.allocate(C_POINTER);
                    MemorySegment tokenCount = arena.allocate(ValueLayout.JAVA_LONG);
                    while (count < newTokens && !OgaGenerator_IsDone(generator)) {
                        check(OgaGenerator_GenerateNextToken(generator));
                        check(OgaGenerator_GetNextTokens(generator, tokens, tokenCount));
                        generated[count++] = tokens.get(C_POINTER, 0).getAtIndex(ValueLayout.JAVA_INT, 0);
                    }
                } finally {
                    OgaDestroyGenerator(generator);
                    OgaDestroyGeneratorParams(params);
                }
                assertEquals(newTokens, count, "GenAI stopped early: " + Arrays.toString(generated));
                assertArrayEquals(expected, generated);
            } finally {
                OgaDestroyModel(model);
            }
        }
    }

}
