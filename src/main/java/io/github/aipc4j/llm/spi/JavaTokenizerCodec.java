package io.github.aipc4j.llm.spi;

import io.github.aipc4j.llm.tokenizer.ChatMessage;
import io.github.aipc4j.llm.tokenizer.ChatTemplate;
import io.github.aipc4j.llm.tokenizer.StreamingDecoder;
import io.github.aipc4j.llm.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The codec of the Java-loop engines (ONNX Runtime, OpenVINO): aipc4j's pure-Java tokenizer over the model folder's
 * {@code tokenizer.json}, and a chat template.
 */
public final class JavaTokenizerCodec implements TextCodec {
    private final Tokenizer tokenizer;
    private final ChatTemplate template;

    public JavaTokenizerCodec(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.template = Objects.requireNonNull(template, "template");
    }

    /**
     * The tokenizer of a model folder ({@code tokenizer.json}, {@code tokenizer_config.json}) with the folder's chat
     * template ({@link ChatTemplate#findInFolder}), or Phi-3's when the folder has none.
     *
     * @throws IllegalArgumentException when the folder has no {@code tokenizer.json}, or its chat template does not
     *                                  parse ({@link io.github.aipc4j.llm.tokenizer.ChatTemplateException})
     */
    public static JavaTokenizerCodec forFolder(Path folder) {
        if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            throw new IllegalArgumentException("no tokenizer.json in " + folder + ": the ort and openvino engines "
                    + "tokenize in Java from the model folder's tokenizer.json (copy it from the model's download, "
                    + "or from native/tokenizers/phi3 for a Phi-3 model)");
        }
        ChatTemplate template = ChatTemplate.findInFolder(folder).<ChatTemplate>map(t -> t).orElseGet(ChatTemplate::phi3);
        return new JavaTokenizerCodec(Tokenizer.load(folder), template);
    }

    /** The chat template {@link #applyChatTemplate} renders. */
    public ChatTemplate template() {
        return template;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int[] encode(String text) {
        return tokenizer.encode(text).ids();
    }

    @Override
    public String decode(int[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public TokenTextStream stream() {
        StreamingDecoder decoder = tokenizer.decoder(true);
        return decoder::next;
    }

    @Override
    public String applyChatTemplate(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return template.render(messages, addGenerationPrompt);
    }
}
