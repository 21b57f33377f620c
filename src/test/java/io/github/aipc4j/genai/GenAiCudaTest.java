package io.github.aipc4j.genai;

import io.github.aipc4j.loader.LoadedRuntime;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;
import io.github.aipc4j.ort.Providers;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * GenAI on the CUDA execution provider: the tiny Phi-3 folder, 8 greedy tokens. Skipped where there is no NVIDIA GPU;
 * where there is one, a GenAI (or ONNX Runtime) build without CUDA is a failure that says which libraries to use
 * instead (the pinned PyPI {@code onnxruntime-genai} / {@code onnxruntime} wheels are CPU-only).
 */
class GenAiCudaTest {
    static final String NO_GPU = "no NVIDIA GPU on this machine (nvidia-smi not found / no /dev/nvidia0)";

    /** An NVIDIA GPU: its device node exists, or {@code nvidia-smi} is on the PATH (or in its usual place). */
    static boolean nvidiaGpuPresent() {
        if (Files.exists(Path.of("/dev/nvidia0"))) {
            return true;
        }
        String path = System.getenv("PATH");
        List<String> dirs = path == null ? List.of() : Arrays.asList(path.split(File.pathSeparator));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi"))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin/nvidia-smi"));
    }

    @Test
    void cudaProviderGeneratesTheReferenceGreedyTokens() {
        assumeTrue(nvidiaGpuPresent(), NO_GPU);

        Model model;
        try (Config config = Config.load(TinyPhi3.FOLDER)) {
            config.clearProviders().appendProvider("cuda");
            model = Model.load(config);
        } catch (GenAIException e) {
            fail(noCudaMessage(e));
            return;
        }
        try (model;
             Tokenizer tokenizer = Tokenizer.create(model)) {
            assertEquals("CUDA", model.deviceType().toUpperCase(), "the model's device");
            int[] prompt = tokenizer.encode("<|user|>\nCan you introduce yourself?<|end|>\n<|assistant|>\n");
            int[] tokens = new int[8];
            try (GeneratorParams params = GeneratorParams.create(model).maxLength(prompt.length + 8).greedy();
                 Generator generator = Generator.create(model, params)) {
                generator.appendTokens(prompt);
                for (int i = 0; i < tokens.length; i++) {
                    generator.generateNextToken();
                    tokens[i] = generator.nextToken();
                }
            }
            assertArrayEquals(TinyPhi3.referenceGreedy(prompt, 8), tokens,
                    "8 greedy tokens on CUDA against the Java reference forward pass");
        }
    }

    private static String noCudaMessage(GenAIException e) {
        String genai = NativeLoader.loaded(RuntimeLibrary.GENAI).map(LoadedRuntime::location).orElse("?");
        String ort = NativeLoader.loaded(RuntimeLibrary.ONNXRUNTIME).map(LoadedRuntime::location).orElse("?");
        String providers;
        try {
            providers = Providers.available().toString();
        } catch (RuntimeException other) {
            providers = "(unknown: " + other.getMessage() + ")";
        }
        return "This machine has an NVIDIA GPU, but the loaded ONNX Runtime GenAI " + GenAI.version() + " (" + genai
                + ") could not create the model on the CUDA provider; a CPU-only build (such as the pinned PyPI "
                + "onnxruntime-genai wheel) has no CUDA. GenAI said: " + e.getMessage()
                + "\nPoint -Daipc4j.onnxruntime-genai.path (or AIPC4J_ONNXRUNTIME_GENAI_PATH) at a CUDA build of GenAI, "
                + "e.g. the onnxruntime_genai/ folder of PyPI's onnxruntime-genai-cuda wheel (libonnxruntime-genai.so with "
                + "libonnxruntime-genai-cuda.so beside it), and -Daipc4j.onnxruntime.path at an ONNX Runtime with the CUDA "
                + "provider, e.g. onnxruntime/capi/ of PyPI's onnxruntime-gpu (the loaded " + ort + " has " + providers
                + "), with the CUDA and cuDNN libraries they need on LD_LIBRARY_PATH.";
    }
}
