package io.github.aipc4j.llm.ort;

import io.github.aipc4j.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the ORT engine reads from a model folder's {@code genai_config.json}: the decoder's file, the graph names of
 * its inputs and outputs (GenAI's defaults where the file leaves them out), the KV cache's shape and whether past and
 * present share one buffer. The same file GenAI reads, so a GenAI model folder works unchanged.
 *
 * @param modelFile         the decoder's ONNX file ({@code model.decoder.filename}, resolved against the folder)
 * @param inputIds          name of the token ids input
 * @param attentionMask     name of the attention mask input (used when the graph has it)
 * @param positionIds       name of the position ids input (used when the graph has it)
 * @param pastKeyNames      {@code printf} pattern of the past keys, e.g. {@code past_key_values.%d.key}
 * @param pastValueNames    pattern of the past values
 * @param logits            name of the logits output
 * @param presentKeyNames   pattern of the present keys
 * @param presentValueNames pattern of the present values
 * @param layers            {@code num_hidden_layers}
 * @param kvHeads           {@code num_key_value_heads}
 * @param headSize          {@code head_size} (or hidden size / attention heads)
 * @param contextLength     tokens the KV cache holds ({@code context_length}, else {@code search.max_length})
 * @param vocabSize         width of the logits
 * @param eosTokenIds       {@code eos_token_id}, one id or a list
 * @param shareBuffer       {@code search.past_present_share_buffer}: past and present are one buffer written in place
 * @param intraOpThreads    {@code session_options.intra_op_num_threads}, 0 when absent
 */
record ModelConfig(Path modelFile, String inputIds, String attentionMask, String positionIds, String pastKeyNames,
                   String pastValueNames, String logits, String presentKeyNames, String presentValueNames, int layers,
                   int kvHeads, int headSize, int contextLength, int vocabSize, int[] eosTokenIds, boolean shareBuffer,
                   int intraOpThreads) {

    static final String FILE = "genai_config.json";

    /**
     * Reads {@code folder/genai_config.json}.
     *
     * @throws IllegalArgumentException when the folder, the file or a required key is missing or malformed
     */
    static ModelConfig read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("model folder " + folder.toAbsolutePath() + " does not exist");
        }
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + FILE + " in " + folder.toAbsolutePath() + ": the ort engine reads "
                    + "the decoder's file name, graph names and KV cache shape from it (a GenAI model folder, or one made "
                    + "by 'aipc4j make-model')");
        }
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException(file + ": the top level is not a JSON object");
        }
        Reader r = new Reader(file);
        Map<?, ?> model = r.object(root, "model");
        Map<?, ?> decoder = r.object(model, "model.decoder");
        Map<?, ?> inputs = r.optionalObject(decoder, "model.decoder.inputs");
        Map<?, ?> outputs = r.optionalObject(decoder, "model.decoder.outputs");
        Map<?, ?> search = r.optionalObject(root, "search");
        Map<?, ?> sessionOptions = r.optionalObject(decoder, "model.decoder.session_options");

        String filename = r.string(decoder, "model.decoder.filename", null);
        int heads = r.integer(decoder, "model.decoder.num_attention_heads", 0);
        int hidden = r.integer(decoder, "model.decoder.hidden_size", 0);
        int headSize = r.integer(decoder, "model.decoder.head_size", heads > 0 && hidden > 0 ? hidden / heads : -1);
        int context = r.integer(model, "model.context_length", r.integer(search, "search.max_length", -1));
        return new ModelConfig(
                folder.resolve(filename),
                r.string(inputs, "model.decoder.inputs.input_ids", "input_ids"),
                r.string(inputs, "model.decoder.inputs.attention_mask", "attention_mask"),
                r.string(inputs, "model.decoder.inputs.position_ids", "position_ids"),
                r.pattern(inputs, "model.decoder.inputs.past_key_names", "past_key_values.%d.key"),
                r.pattern(inputs, "model.decoder.inputs.past_value_names", "past_key_values.%d.value"),
                r.string(outputs, "model.decoder.outputs.logits", "logits"),
                r.pattern(outputs, "model.decoder.outputs.present_key_names", "present.%d.key"),
                r.pattern(outputs, "model.decoder.outputs.present_value_names", "present.%d.value"),
                r.positive(decoder, "model.decoder.num_hidden_layers", -1),
                r.positive(decoder, "model.decoder.num_key_value_heads", -1),
                r.positive(decoder, "model.decoder.head_size", headSize),
                r.positive(model, "model.context_length", context),
                r.positive(model, "model.vocab_size", -1),
                r.eos(model),
                r.bool(search, "search.past_present_share_buffer", false),
                Math.max(0, r.integer(sessionOptions, "model.decoder.session_options.intra_op_num_threads", 0)));
    }

    /** Graph name of a past (key or value) input of one layer. */
    String pastName(int layer, boolean value) {
        return (value ? pastValueNames : pastKeyNames).formatted(layer);
    }

    /** Graph name of a present (key or value) output of one layer. */
    String presentName(int layer, boolean value) {
        return (value ? presentValueNames : presentKeyNames).formatted(layer);
    }

    /** Typed reads with messages that name the key and the file. */
    private record Reader(Path file) {
        Map<?, ?> object(Map<?, ?> parent, String key) {
            Map<?, ?> m = optionalObject(parent, key);
            if (m == null) {
                throw missing(key);
            }
            return m;
        }

        Map<?, ?> optionalObject(Map<?, ?> parent, String key) {
            Object v = parent == null ? null : parent.get(leaf(key));
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw wrong(key, "an object", v);
            }
            return m;
        }

        String string(Map<?, ?> parent, String key, String fallback) {
            Object v = parent == null ? null : parent.get(leaf(key));
            if (v == null) {
                if (fallback == null) {
                    throw missing(key);
                }
                return fallback;
            }
            if (!(v instanceof String s) || s.isEmpty()) {
                throw wrong(key, "a non-empty string", v);
            }
            return s;
        }

        String pattern(Map<?, ?> parent, String key, String fallback) {
            String p = string(parent, key, fallback);
            if (!p.contains("%d")) {
                throw new IllegalArgumentException(file + ": " + key + " must contain %d (the layer number), got '" + p + "'");
            }
            return p;
        }

        int integer(Map<?, ?> parent, String key, int fallback) {
            Object v = parent == null ? null : parent.get(leaf(key));
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw wrong(key, "an integer", v);
            }
            return (int) (long) l;
        }

        int positive(Map<?, ?> parent, String key, int fallback) {
            int v = integer(parent, key, fallback);
            if (v == -1 && fallback == -1 && (parent == null || parent.get(leaf(key)) == null)) {
                throw missing(key);
            }
            if (v <= 0) {
                throw new IllegalArgumentException(file + ": " + key + " must be a positive integer, got " + v);
            }
            return v;
        }

        boolean bool(Map<?, ?> parent, String key, boolean fallback) {
            Object v = parent == null ? null : parent.get(leaf(key));
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Boolean b)) {
                throw wrong(key, "true or false", v);
            }
            return b;
        }

        int[] eos(Map<?, ?> model) {
            Object v = model.get("eos_token_id");
            if (v == null) {
                throw missing("model.eos_token_id");
            }
            List<?> list = v instanceof List<?> l ? l : List.of(v);
            int[] ids = new int[list.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!(list.get(i) instanceof Long id) || id < 0 || id > Integer.MAX_VALUE) {
                    throw wrong("model.eos_token_id", "a token id or a list of token ids", v);
                }
                ids[i] = (int) (long) id;
            }
            if (ids.length == 0) {
                throw wrong("model.eos_token_id", "a token id or a non-empty list of token ids", v);
            }
            return ids;
        }

        private static String leaf(String key) {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        private IllegalArgumentException missing(String key) {
            return new IllegalArgumentException(file + ": " + key + " is missing");
        }

        private IllegalArgumentException wrong(String key, String expected, Object got) {
            return new IllegalArgumentException(file + ": " + key + " must be " + expected + ", got " + got);
        }
    }
}
