package io.github.aipc4j.openvino;

import io.github.aipc4j.testing.TinyPhi3Model;
import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.modelfactory.OpenVinoIr;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3Onnx;
import io.github.aipc4j.modelfactory.Phi3Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import static io.github.aipc4j.testing.TestArrays.toLongs;
import static io.github.aipc4j.testing.TestArrays.ones;
import static io.github.aipc4j.testing.TestArrays.positions;

/**
 * The tiny Phi-3 model the OpenVINO tests share, made once per test JVM: weights, ONNX bytes and file, the stateful
 * IR (converted by the pinned openvino wheel), plus the CPU settings that make OpenVINO's logits comparable with
 * {@code Phi3Reference}, and small array helpers.
 */
final class TinyPhi3Ov {
    /** "<s> Hello world" in Phi-3's tokenizer, then some more ids (as in the other agreement tests). */
    static final int[] PROMPT = {1, 15043, 3186, 29892, 920, 526, 366, 29973};
    static final double TOLERANCE = 1e-4;

    private static Phi3Weights weights;
    private static byte[] onnx;
    private static Path dir;
    private static Path onnxFile;
    private static Path statefulIr;

    private TinyPhi3Ov() {
    }

    /** f32 end to end on CPU (no bf16, no u8 KV cache), one stream, two threads. */
    static Properties accuracy() {
        return Properties.create()
                .executionMode(ExecutionMode.ACCURACY)
                .inferencePrecision(ElementType.FLOAT32)
                .numStreams(1)
                .inferenceNumThreads(2);
    }

    static synchronized Phi3Weights weights() {
        if (weights == null) {
            weights = Phi3Weights.generate(Phi3Config.tiny());
        }
        return weights;
    }

    static Phi3Config config() {
        return weights().config();
    }

    static synchronized byte[] onnxBytes() {
        if (onnx == null) {
            onnx = Phi3Onnx.build(weights()).toBytes();
        }
        return onnx.clone();
    }

    static synchronized Path onnxFile() {
        if (onnxFile == null) {
            onnxFile = Phi3Onnx.build(weights()).write(dir().resolve("model.onnx"));
        }
        return onnxFile;
    }

    /** {@code openvino_model.xml} of the stateful IR ({@code .bin} beside it). */
    static synchronized Path statefulIr() {
        if (statefulIr == null) {
            statefulIr = OpenVinoIr.writeStateful(onnxFile(), dir().resolve("ir"));
        }
        return statefulIr;
    }

    /** A folder for this JVM's files, deleted at exit. */
    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("aipc4j-openvino-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path root = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        }
        return dir;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /**
     * Binds a prefill of {@code tokens} with an empty KV cache to a request on the stateless ONNX model, using
     * OpenVINO-allocated copies (no caller memory to keep alive).
     */
    static void bindOnnxPrefill(InferRequest request, int[] tokens) {
        Phi3Config c = config();
        int n = tokens.length;
        try (Tensor ids = Tensor.of(toLongs(tokens), 1, n);
             Tensor mask = Tensor.of(ones(n), 1, n);
             Tensor pos = Tensor.of(positions(0, n), 1, n)) {
            request.setTensor("input_ids", ids);
            request.setTensor("attention_mask", mask);
            request.setTensor("position_ids", pos);
        }
        for (int l = 0; l < c.layers(); l++) {
            for (String kind : new String[] {".key", ".value"}) {
                try (Tensor empty = Tensor.allocate(ElementType.FLOAT32, 1, c.kvHeads(), 0, c.headDim())) {
                    request.setTensor("past_key_values." + l + kind, empty);
                }
            }
        }
    }

    /** A copy of the request's logits. */
    static float[] logits(InferRequest request) {
        try (Tensor t = request.getTensor("logits")) {
            return t.toFloatArray();
        }
    }

    static float[] row(float[] data, int index, int width) {
        return Arrays.copyOfRange(data, index * width, (index + 1) * width);
    }

    static int argmax(float[] logits) {
        return TinyPhi3Model.argmax(logits);
    }
}
