package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.modelfactory.OpenVinoIr;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.openvino.ExecutionMode;
import io.github.aipc4j.openvino.Properties;
import io.github.aipc4j.testing.Pins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The model folders the OpenVINO engine's tests share, made once per test JVM: the model factory's tiny Phi-3 as its
 * ONNX folder (model.onnx, genai_config.json, tokenizer) and as a stateful IR next to the same genai_config.json
 * (OpenVinoIr.writeStateful), plus the Java reference's greedy tokens for them.
 */
final class OvEngineModels {
    /** "<s> Hello world, how are you?" in Phi-3's tokenizer. */
    static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};
    static final Path FIXTURES = Pins.ROOT.resolve("src/test/resources/fixtures/phi3-converted");
    static final Path TOKENIZER = Pins.ROOT.resolve("native/tokenizers/phi3");

    private static Phi3Weights weights;
    private static Path root;
    private static Path onnxFolder;
    private static Path irFolder;
    private static int[] referenceTokens;
    private static int referenceLength;

    private OvEngineModels() {
    }

    /** f32 end to end on CPU (no bf16, no u8 KV cache), two threads: tokens comparable with the reference. */
    static Properties accuracy() {
        return OpenVinoBackend.defaultProperties()
                .executionMode(ExecutionMode.ACCURACY)
                .inferencePrecision(ElementType.FLOAT32)
                .inferenceNumThreads(2);
    }

    static synchronized Phi3Weights weights() {
        if (weights == null) {
            weights = Phi3Weights.generate(Phi3Config.tiny());
        }
        return weights;
    }

    /** The model factory's folder: model.onnx (explicit KV), genai_config.json, tokenizer files. */
    static synchronized Path onnxFolder() {
        if (onnxFolder == null) {
            try {
                onnxFolder = Phi3ModelFolder.write(root().resolve("onnx"), weights(), TOKENIZER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return onnxFolder;
    }

    /** openvino_model.xml (stateful) next to genai_config.json and the tokenizer, no model.onnx. */
    static synchronized Path irFolder() {
        if (irFolder == null) {
            Path folder = root().resolve("ir");
            OpenVinoIr.writeStateful(onnxFolder().resolve(Phi3ModelFolder.MODEL_FILE), folder);
            copy(onnxFolder(), folder, "genai_config.json", "tokenizer.json", "tokenizer_config.json");
            irFolder = folder;
        }
        return irFolder;
    }

    /** A copy of a converter fixture (optimum-cli's IR) with the tokenizer the fixtures were pruned of. */
    static Path fixtureCopy(String name, Path into) throws IOException {
        Path folder = into.resolve(name);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(FIXTURES.resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Files.copy(TOKENIZER.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
        return folder;
    }

    /** The reference forward pass's greedy continuation of {@link #PROMPT}: {@code count} tokens. */
    static synchronized int[] referenceGreedy(int count) {
        if (referenceTokens == null || referenceLength < count) {
            Phi3Reference reference = new Phi3Reference(weights());
            Phi3Reference.Cache cache = reference.newCache();
            float[][] rows = reference.forward(cache, PROMPT);
            int[] tokens = new int[count];
            tokens[0] = argmax(rows[rows.length - 1]);
            for (int i = 1; i < count; i++) {
                tokens[i] = argmax(reference.forward(cache, tokens[i - 1])[0]);
            }
            referenceTokens = tokens;
            referenceLength = count;
        }
        return java.util.Arrays.copyOf(referenceTokens, count);
    }

    /** Greedy tokens from a fresh decoder: the prompt in one step, then one token per step. */
    static int[] greedy(OpenVinoDecoder decoder, int[] prompt, int count) {
        int[] tokens = new int[count];
        tokens[0] = decoder.next(prompt, 0, prompt.length);
        for (int i = 1; i < count; i++) {
            tokens[i] = decoder.next(tokens, i - 1, 1);
        }
        return tokens;
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    private static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("aipc4j-ov-engine");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        }
        return root;
    }

    private static void copy(Path from, Path to, String... names) {
        try {
            for (String name : names) {
                Files.copy(from.resolve(name), to.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
