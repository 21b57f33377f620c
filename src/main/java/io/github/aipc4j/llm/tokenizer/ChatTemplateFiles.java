package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a model folder's chat template where transformers saves it: {@code chat_template.jinja} (transformers
 * 4.43 and later), else {@code chat_template.json} ({@code {"chat_template": ...}}, processors), else the
 * {@code chat_template} of {@code tokenizer_config.json} (a string, or a list of {@code {name, template}} of
 * which the one named {@code default} is used). BOS and EOS come from {@code tokenizer_config.json}.
 */
final class ChatTemplateFiles {
    static final String JINJA = "chat_template.jinja";
    static final String JSON = "chat_template.json";
    static final String CONFIG = "tokenizer_config.json";

    private ChatTemplateFiles() {
    }

    static Optional<JinjaChatTemplate> find(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a model folder: " + folder);
        }
        TokenizerConfig config = Files.isRegularFile(folder.resolve(CONFIG))
                ? TokenizerConfig.parse(read(folder.resolve(CONFIG))) : TokenizerConfig.EMPTY;
        String source = null;
        if (Files.isRegularFile(folder.resolve(JINJA))) {
            source = read(folder.resolve(JINJA));
        } else if (Files.isRegularFile(folder.resolve(JSON))
                && Json.parse(read(folder.resolve(JSON))) instanceof Map<?, ?> m
                && m.get("chat_template") instanceof String s) {
            source = s;
        } else if (config.chatTemplate() != null) {
            source = config.chatTemplate();
        } else if (!config.chatTemplates().isEmpty()) {
            throw new IllegalArgumentException(folder.resolve(CONFIG) + " has named chat templates "
                    + config.chatTemplates().keySet() + " but none named \"default\"; compile the one you want with "
                    + "ChatTemplate.jinja(TokenizerConfig.chatTemplates().get(name), bos, eos)");
        }
        return source == null ? Optional.empty()
                : Optional.of(JinjaChatTemplate.compile(source, config.bosToken(), config.eosToken()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
