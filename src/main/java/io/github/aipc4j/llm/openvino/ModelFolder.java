package io.github.aipc4j.llm.openvino;

import io.github.aipc4j.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a model folder says about the model the OpenVINO engine runs: the model file and the numbers the token loop
 * needs. Three layouts are read:
 * <ul>
 *   <li>an optimum-intel export ({@code optimum-cli export openvino}): {@code openvino_model.xml}/{@code .bin},
 *       {@code config.json} ({@code max_position_embeddings}, {@code vocab_size}, {@code eos_token_id}),
 *       {@code generation_config.json} ({@code eos_token_id}, int or list; preferred over config.json's);</li>
 *   <li>the model factory's folder: {@code model.onnx} (or the file {@code genai_config.json} names) with
 *       {@code genai_config.json} ({@code model.context_length}, {@code model.vocab_size},
 *       {@code model.eos_token_id});</li>
 *   <li>a stateful IR written next to {@code genai_config.json} ({@code OpenVinoIr.writeStateful}).</li>
 * </ul>
 * {@code openvino_model.xml} wins when both it and an ONNX file are present.
 *
 * @param vocabSize the configured vocabulary size, or 0 when no file gives one (the logits port then decides)
 */
record ModelFolder(Path folder, Path modelFile, int contextLength, int vocabSize, int[] eosTokenIds) {
    static final String IR_FILE = "openvino_model.xml";
    static final String ONNX_FILE = "model.onnx";

    static ModelFolder read(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("the model folder is null");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the model folder " + folder.toAbsolutePath() + " does not exist or "
                    + "is not a directory");
        }
        Map<String, Object> config = json(folder.resolve("config.json"));
        Map<String, Object> generation = json(folder.resolve("generation_config.json"));
        Map<String, Object> genai = json(folder.resolve("genai_config.json"));
        Map<String, Object> genaiModel = map(genai, "model");
        Path model = modelFile(folder, genaiModel);
        if (config == null && generation == null && genai == null) {
            throw new IllegalArgumentException("the model folder " + folder.toAbsolutePath() + " has no config.json, "
                    + "generation_config.json or genai_config.json: the openvino engine reads the context length and "
                    + "end-of-sequence ids from them (an optimum-cli export writes the first two)");
        }
        Integer context = firstInt(number(config, "max_position_embeddings"), number(genaiModel, "context_length"),
                number(map(genai, "search"), "max_length"));
        if (context == null || context <= 0) {
            throw new IllegalArgumentException("no context length in " + folder.toAbsolutePath() + ": expected "
                    + "max_position_embeddings in config.json or model.context_length in genai_config.json");
        }
        Integer vocab = firstInt(number(config, "vocab_size"), number(genaiModel, "vocab_size"));
        int[] eos = ids(generation, "eos_token_id");
        if (eos == null) {
            eos = ids(config, "eos_token_id");
        }
        if (eos == null) {
            eos = ids(genaiModel, "eos_token_id");
        }
        return new ModelFolder(folder, model, context, vocab == null ? 0 : vocab, eos == null ? new int[0] : eos);
    }

    private static Path modelFile(Path folder, Map<String, Object> genaiModel) {
        Path ir = folder.resolve(IR_FILE);
        if (Files.isRegularFile(ir)) {
            Path bin = folder.resolve("openvino_model.bin");
            if (!Files.isRegularFile(bin)) {
                throw new IllegalArgumentException(ir.toAbsolutePath() + " has no weights file beside it: "
                        + bin.getFileName() + " is missing");
            }
            return ir;
        }
        Object named = map(genaiModel, "decoder") == null ? null : map(genaiModel, "decoder").get("filename");
        if (named instanceof String name && Files.isRegularFile(folder.resolve(name))) {
            return folder.resolve(name);
        }
        Path onnx = folder.resolve(ONNX_FILE);
        if (Files.isRegularFile(onnx)) {
            return onnx;
        }
        throw new IllegalArgumentException("no model in " + folder.toAbsolutePath() + ": the openvino engine reads "
                + IR_FILE + " (+ .bin; optimum-cli export openvino), or " + ONNX_FILE
                + (named instanceof String name ? " / " + name + " (named by genai_config.json)" : ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Object value;
        try {
            value = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(file + " does not hold a JSON object");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static Integer number(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof Number n ? Math.toIntExact(n.longValue()) : null;
    }

    private static Integer firstInt(Integer... values) {
        for (Integer v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** An id or a list of ids; null when the key is absent or null. */
    private static int[] ids(Map<String, Object> json, String key) {
        Object value = json == null ? null : json.get(key);
        if (value instanceof Number n) {
            return new int[] {Math.toIntExact(n.longValue())};
        }
        if (value instanceof List<?> list) {
            int[] result = new int[list.size()];
            for (int i = 0; i < result.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException(key + " must hold token ids, found " + list.get(i));
                }
                result[i] = Math.toIntExact(n.longValue());
            }
            return result;
        }
        return null;
    }
}
