package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.llm.spi.JavaTokenizerCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a model folder's chat template is found, and which one the Java-loop codec uses. */
class ChatTemplateFolderTest {
    private static final List<ChatMessage> CHAT = List.of(ChatMessage.system("S"), ChatMessage.user("U"));
    private static final String ECHO = "{{ bos_token }}{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}"
            + "{{ eos_token }}";

    @TempDir
    Path dir;

    private Path folder(String tokenizerConfig) throws IOException {
        Path f = Files.createDirectories(dir.resolve("model"));
        if (tokenizerConfig != null) {
            Files.writeString(f.resolve("tokenizer_config.json"), tokenizerConfig);
        }
        return f;
    }

    @Test
    void tokenizerConfigTemplateWithAddedTokenObjects() throws IOException {
        Path f = folder("""
                {"bos_token": {"__type": "AddedToken", "content": "<|begin_of_text|>", "lstrip": false},
                 "eos_token": "<|eot_id|>", "chat_template": %s}""".formatted(json(ECHO)));
        JinjaChatTemplate t = ChatTemplate.fromFolder(f);
        assertEquals("<|begin_of_text|>[system:S][user:U]<|eot_id|>", t.render(CHAT, true));
    }

    @Test
    void namedTemplatesUseTheDefaultOne() throws IOException {
        Path f = folder("""
                {"bos_token": "<s>", "eos_token": "</s>", "chat_template": [
                  {"name": "tool_use", "template": "TOOLS"}, {"name": "default", "template": %s}]}"""
                .formatted(json(ECHO)));
        assertEquals("<s>[system:S][user:U]</s>", ChatTemplate.fromFolder(f).render(CHAT, false));
    }

    @Test
    void namedTemplatesWithoutADefaultAreRefused() throws IOException {
        Path f = folder("""
                {"chat_template": [{"name": "rag", "template": "R"}, {"name": "tool_use", "template": "T"}]}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.fromFolder(f));
        assertTrue(e.getMessage().contains("[rag, tool_use]") && e.getMessage().contains("default"), e.getMessage());
    }

    @Test
    void chatTemplateJinjaComesBeforeTokenizerConfig() throws IOException {
        Path f = folder("{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"chat_template\": \"CONFIG\"}");
        Files.writeString(f.resolve("chat_template.jinja"), "JINJA {{ bos_token }}{{ messages|length }}\n");
        // the file's one trailing newline is dropped, as Jinja2 does
        assertEquals("JINJA <s>2", ChatTemplate.fromFolder(f).render(CHAT, true));
        Files.delete(f.resolve("chat_template.jinja"));
        Files.writeString(f.resolve("chat_template.json"), "{\"chat_template\": \"JSON {{ eos_token }}\"}");
        assertEquals("JSON </s>", ChatTemplate.fromFolder(f).render(CHAT, true));
    }

    @Test
    void aFolderWithoutTemplateSaysWhereItLooked() throws IOException {
        Path f = folder("{\"bos_token\": \"<s>\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.fromFolder(f));
        assertTrue(e.getMessage().contains("no chat template") && e.getMessage().contains("chat_template.jinja")
                && e.getMessage().contains("tokenizer_config.json") && e.getMessage().contains("phi3()"),
                e.getMessage());
        assertTrue(ChatTemplate.findInFolder(f).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.fromFolder(f.resolve("missing")));
    }

    @Test
    void aTemplateThatDoesNotParseFailsWhenTheFolderIsRead() throws IOException {
        Path f = folder("{\"chat_template\": \"{% for m in messages %}\\n{{ m.content | }}\\n{% endfor %}\"}");
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplate.fromFolder(f));
        assertEquals(2, e.line());
    }

    @Test
    void theCodecUsesTheFoldersTemplateElsePhi3() throws IOException {
        TestTokenizers.ensureFiles();
        Path phi3 = TestTokenizers.FOLDER.resolve("phi3");
        JavaTokenizerCodec withTemplate = JavaTokenizerCodec.forFolder(phi3);
        assertInstanceOf(JinjaChatTemplate.class, withTemplate.template());
        assertEquals(ChatTemplate.phi3().render(CHAT, true), withTemplate.applyChatTemplate(CHAT, true));

        Path custom = folder("{\"bos_token\": \"<s>\", \"chat_template\": " + json(ECHO) + "}");
        Files.copy(phi3.resolve("tokenizer.json"), custom.resolve("tokenizer.json"));
        assertEquals("<s>[system:S][user:U]", JavaTokenizerCodec.forFolder(custom).applyChatTemplate(CHAT, true));

        Files.writeString(custom.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        JavaTokenizerCodec fallback = JavaTokenizerCodec.forFolder(custom);
        assertEquals(ChatTemplate.phi3().render(CHAT, false), fallback.applyChatTemplate(CHAT, false));
        assertSame(fallback.template().getClass(), ChatTemplate.phi3().getClass());
    }

    private static String json(String s) {
        return io.github.aipc4j.core.Json.write(s);
    }
}
