package io.github.aipc4j.llm;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.llm.genai.GenAiBackend;
import io.github.aipc4j.llm.openvino.OpenVinoBackend;
import io.github.aipc4j.llm.ort.OrtBackend;
import io.github.aipc4j.openvino.ExecutionMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Opens a model folder on an engine named by the user or picked from the folder's files. */
public final class Engines {
    public static final String GENAI = "genai";
    public static final String ORT = "ort";
    public static final String OPENVINO = "openvino";
    public static final String AUTO = "auto";

    private Engines() {
    }

    /**
     * Opens {@code folder} on {@code engine} ({@code genai}, {@code ort}, {@code openvino} or {@code auto}) and
     * {@code device}.
     *
     * @throws IllegalArgumentException for an unknown engine, or a folder no engine can read
     */
    public static LanguageModel open(Path folder, String engine, String device) {
        return open(folder, engine, device, false);
    }

    /**
     * As {@link #open(Path, String, String)}; with {@code exact}, engines that trade precision for speed by default
     * are asked not to (OpenVINO on CPU runs in bf16 with a u8 KV cache where the processor supports it; exact
     * compiles with {@code EXECUTION_MODE_HINT=ACCURACY}, f32), so that greedy tokens agree across engines.
     */
    public static LanguageModel open(Path folder, String engine, String device, boolean exact) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("model folder " + folder + " does not exist");
        }
        String name = engine == null ? AUTO : engine.toLowerCase(Locale.ROOT);
        if (name.equals(AUTO)) {
            name = detect(folder);
        }
        String dev = device == null ? "cpu" : device;
        return LanguageModel.of(switch (name) {
            case GENAI -> GenAiBackend.open(folder, dev);
            case ORT -> OrtBackend.open(folder, dev);
            case OPENVINO -> exact ? OpenVinoBackend.open(folder, dev,
                    OpenVinoBackend.defaultProperties().executionMode(ExecutionMode.ACCURACY))
                    : OpenVinoBackend.open(folder, dev);
            default -> throw new IllegalArgumentException("unknown engine '" + engine + "': use genai, ort, openvino "
                    + "or auto");
        });
    }

    /** The engine {@code auto} picks: genai_config.json → genai, openvino_model.xml → openvino, *.onnx → ort. */
    public static String detect(Path folder) {
        List<String> engines = available(folder);
        if (engines.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds no model aipc4j can run: expected genai_config.json "
                    + "(ONNX Runtime GenAI), openvino_model.xml (OpenVINO IR) or a .onnx file");
        }
        return engines.getFirst();
    }

    /** Every engine that can read the folder, the preferred first. */
    public static List<String> available(Path folder) {
        List<String> engines = new ArrayList<>();
        boolean onnx = hasOnnx(folder);
        boolean ir = Files.isRegularFile(folder.resolve("openvino_model.xml"));
        if (onnx && Files.isRegularFile(folder.resolve("genai_config.json"))) {
            engines.add(GENAI);
        }
        if (ir) {
            engines.add(OPENVINO);
        }
        if (onnx) {
            engines.add(ORT);
        }
        if (!ir && onnx && plainOps(folder)) {
            engines.add(OPENVINO);
        }
        return engines;
    }

    private static boolean hasOnnx(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /**
     * Whether the folder's GenAI config says the KV cache is not a shared buffer: GenAI's converter models use
     * ONNX Runtime's contrib ops (GroupQueryAttention), which OpenVINO does not read; plain-op models it does.
     */
    private static boolean plainOps(Path folder) {
        Path config = folder.resolve("genai_config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            return Json.parse(Files.readString(config)) instanceof Map<?, ?> root
                    && root.get("search") instanceof Map<?, ?> search
                    && Boolean.FALSE.equals(search.get("past_present_share_buffer"));
        } catch (IOException | IllegalArgumentException e) {
            return false; // unreadable config: the engines that load it will say why
        }
    }
}
