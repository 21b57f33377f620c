package io.github.aipc4j.llm.genai;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.genai.Tokenizer;
import io.github.aipc4j.genai.TokenizerStream;
import io.github.aipc4j.llm.spi.TextCodec;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import io.github.aipc4j.llm.tokenizer.ChatTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GenAI engine's codec: GenAI's own tokenizer (onnxruntime-extensions reading the folder's
 * {@code tokenizer.json} and {@code tokenizer_config.json}) and GenAI's chat template rendering (minja over the
 * folder's {@code chat_template}, or {@code chat_template.jinja}/{@code .json} beside it). Only a folder with no
 * template at all, where GenAI fails with "Empty chat template.", is rendered with {@link ChatTemplate#phi3()}.
 *
 * <p>Where GenAI's text differs from Hugging Face's (and so from the Java engines' codec), this class evens it out:
 * SentencePiece tokenizers (Phi-3, Llama) put a space before the first word, and GenAI's decode and stream keep it
 * ({@code " Hello world"}) where Hugging Face's {@code Strip} decoder drops it. When GenAI's tokenizer does that
 * (probed once: does {@code "a"} round-trip to {@code " a"}?), {@link #decode} drops one leading space and a stream
 * drops one from its first non-empty piece. One difference stays: in the middle of decoded ids, GenAI drops the
 * space of a word that follows a skipped special token ({@code "assistant.Hi"} where Hugging Face gives
 * {@code "assistant. Hi"}); generated answers end at their special token, so streamed answers are not affected.
 *
 * <p>Encoding adds the special tokens the tokenizer's configuration asks for (GenAI's default adds none), as
 * {@link TextCodec#encode} promises. Thread-safe; each {@link #stream()} is for one thread.
 */
public final class GenAiCodec implements TextCodec {
    private final Tokenizer tokenizer;
    private final ChatTemplate fallbackTemplate;
    private final boolean dropsPrefixSpace;
    private final Set<TokenizerStream> openStreams = ConcurrentHashMap.newKeySet();

    /**
     * @param tokenizer       GenAI's tokenizer of the model; this codec changes its options
     * @param tokenizerFolder where GenAI reads the tokenizer files (the model folder unless
     *                        {@code model.tokenizer_dir} says otherwise), to see whether a chat template is there
     */
    GenAiCodec(Tokenizer tokenizer, Path tokenizerFolder) {
        this.tokenizer = tokenizer;
        tokenizer.options(Map.of("add_special_tokens", "true"));
        this.fallbackTemplate = hasChatTemplate(tokenizerFolder) ? null : ChatTemplate.phi3();
        this.dropsPrefixSpace = tokenizer.decode(tokenizer.encode("a")).equals(" a");
    }

    /** GenAI's tokenizer, for what this interface does not cover (token lookups, options). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Whether prompts are rendered by GenAI from the folder's template (false: Java's Phi-3 template). */
    public boolean usesFolderChatTemplate() {
        return fallbackTemplate == null;
    }

    @Override
    public int[] encode(String text) {
        return tokenizer.encode(text);
    }

    @Override
    public String decode(int[] ids) {
        return dropPrefixSpace(tokenizer.decode(ids));
    }

    private String dropPrefixSpace(String text) {
        return dropsPrefixSpace && !text.isEmpty() && text.charAt(0) == ' ' ? text.substring(1) : text;
    }

    /** A GenAI {@code TokenizerStream}; close it after the generation (else it is freed when the backend closes). */
    @Override
    public TokenTextStream stream() {
        TokenizerStream stream = tokenizer.stream();
        openStreams.add(stream);
        return new Stream(stream);
    }

    @Override
    public String applyChatTemplate(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (fallbackTemplate != null) {
            return fallbackTemplate.render(messages, addGenerationPrompt);
        }
        List<Map<String, String>> json = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("role", m.role());
            entry.put("content", m.content());
            json.add(entry);
        }
        return tokenizer.applyChatTemplate(null, Json.write(json), null, addGenerationPrompt);
    }

    /** Frees the streams nobody closed; the backend calls this when it closes. */
    void closeStreams() {
        for (TokenizerStream s : openStreams) {
            if (openStreams.remove(s)) {
                s.close();
            }
        }
    }

    /** What onnxruntime-extensions looks for: tokenizer_config's chat_template, else the two template files. */
    static boolean hasChatTemplate(Path folder) {
        if (Files.isRegularFile(folder.resolve("chat_template.jinja"))
                || Files.isRegularFile(folder.resolve("chat_template.json"))) {
            return true;
        }
        Path config = folder.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            Object template = Json.parse(Files.readString(config)) instanceof Map<?, ?> map ? map.get("chat_template") : null;
            return template instanceof String s ? !s.isBlank() : template instanceof List<?> l && !l.isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + config, e);
        }
    }

    private final class Stream implements TokenTextStream {
        private final TokenizerStream stream;
        private boolean atStart = dropsPrefixSpace;

        Stream(TokenizerStream stream) {
            this.stream = stream;
        }

        @Override
        public String next(int tokenId) {
            String piece = stream.decode(tokenId);
            if (atStart && !piece.isEmpty()) {
                atStart = false;
                return dropPrefixSpace(piece);
            }
            return piece;
        }

        @Override
        public void close() {
            if (openStreams.remove(stream)) {
                stream.close();
            }
        }
    }
}
