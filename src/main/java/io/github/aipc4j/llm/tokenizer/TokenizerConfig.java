package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code tokenizer_config.json} (transformers' settings) says, for the layers above the tokenizer: the
 * special tokens' names, the chat template, whether transformers adds BOS/EOS. It does not change what
 * {@link Tokenizer#encode} does, which follows {@code tokenizer.json} alone, as Hugging Face's tokenizers does.
 * Every member is null when the file or the key is absent.
 *
 * @param bosToken                  {@code bos_token}
 * @param eosToken                  {@code eos_token}
 * @param padToken                  {@code pad_token}
 * @param unkToken                  {@code unk_token}
 * @param addBosToken               {@code add_bos_token}
 * @param addEosToken               {@code add_eos_token}
 * @param chatTemplate              {@code chat_template} (the default one when the file has several)
 * @param chatTemplates             all named chat templates ({@code "default"} for a single one)
 * @param modelMaxLength            {@code model_max_length}, capped at Long.MAX_VALUE
 * @param cleanUpTokenizationSpaces {@code clean_up_tokenization_spaces}
 * @param tokenizerClass            {@code tokenizer_class}
 */
public record TokenizerConfig(String bosToken, String eosToken, String padToken, String unkToken,
                              Boolean addBosToken, Boolean addEosToken, String chatTemplate,
                              Map<String, String> chatTemplates, Long modelMaxLength,
                              Boolean cleanUpTokenizationSpaces, String tokenizerClass) {

    /** A configuration that says nothing. */
    public static final TokenizerConfig EMPTY = new TokenizerConfig(null, null, null, null, null, null, null,
            Map.of(), null, null, null);

    static TokenizerConfig parse(String json) {
        Node root = Node.root(Json.parse(json));
        root.map();
        Map<String, String> templates = new LinkedHashMap<>();
        Node t = root.get("chat_template");
        if (t.value instanceof String s) {
            templates.put("default", s);
        } else if (t.value instanceof List<?>) {
            for (Node named : t.list()) {
                templates.put(named.required("name").string(), named.required("template").string());
            }
        }
        Long max = null;
        Node m = root.get("model_max_length");
        if (m.value instanceof Number n) {
            double d = n.doubleValue();
            max = d >= 9.2e18 ? Long.MAX_VALUE : n.longValue();
        }
        return new TokenizerConfig(token(root.get("bos_token")), token(root.get("eos_token")),
                token(root.get("pad_token")), token(root.get("unk_token")), bool(root.get("add_bos_token")),
                bool(root.get("add_eos_token")), templates.get("default"), Collections.unmodifiableMap(templates),
                max, bool(root.get("clean_up_tokenization_spaces")), root.stringOrNull("tokenizer_class"));
    }

    /** A token given as a string or as an AddedToken object ({"content": ...}). */
    private static String token(Node n) {
        if (n.value instanceof String s) {
            return s;
        }
        if (n.value instanceof Map<?, ?>) {
            return n.stringOrNull("content");
        }
        return null;
    }

    private static Boolean bool(Node n) {
        return n.value instanceof Boolean b ? b : null;
    }
}
