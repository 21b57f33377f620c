package io.github.aipc4j.llm.genai;

import io.github.aipc4j.genai.GenAIException;
import io.github.aipc4j.llm.spi.JavaTokenizerCodec;
import io.github.aipc4j.llm.spi.TextCodec;
import io.github.aipc4j.llm.tokenizer.ChatMessage;
import io.github.aipc4j.llm.tokenizer.ChatTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GenAI's tokenizer and chat template through the engine SPI give the Java engines' prompt ids and answer text. */
class GenAiCodecTest {
    static final String SYSTEM = "You are a helpful AI assistant.";
    static final List<String> TEXTS = List.of("Hello world", "Can you introduce yourself?",
            "Привіт! Розкажи про Київ.", "日本語のテキスト、中文文本", "emoji 🦙👩‍👩‍👧 done", "Ελληνικά και العربية",
            "for (int i = 0; i < n; i++) { sum += a[i]; }", "tabs\tand   spaces\n\nnew lines", "  leading spaces",
            "ends with space ", "naïve café résumé", "1234567890 3.14159", "");

    @TempDir
    static Path dir;
    static GenAiBackend backend;
    static GenAiCodec genai;
    static JavaTokenizerCodec java;

    @BeforeAll
    static void open() throws IOException {
        Path folder = TinyModels.tiny(dir.resolve("tiny"));
        backend = GenAiBackend.open(folder, "cpu");
        genai = backend.codec();
        java = JavaTokenizerCodec.forFolder(folder);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static List<List<ChatMessage>> conversations() {
        List<List<ChatMessage>> all = new ArrayList<>();
        for (String text : TEXTS) {
            all.add(List.of(ChatMessage.system(SYSTEM), ChatMessage.user(text)));
        }
        all.add(List.of(ChatMessage.user("Hi"), ChatMessage.assistant(" Hello! How can I help?"),
                ChatMessage.user("Tell me about Kyiv / Київ.")));
        all.add(List.of(ChatMessage.system(""), ChatMessage.user("\n")));
        return all;
    }

    @Test
    void chatTemplatedPromptsGiveTheJavaCodecsIds() {
        for (List<ChatMessage> conversation : conversations()) {
            for (boolean generationPrompt : new boolean[] {true, false}) {
                String prompt = genai.applyChatTemplate(conversation, generationPrompt);
                assertEquals(ChatTemplate.phi3().render(conversation, generationPrompt), prompt, "GenAI's rendering");
                assertEquals(java.applyChatTemplate(conversation, generationPrompt), prompt);
                assertArrayEquals(java.encode(prompt), genai.encode(prompt), prompt);
            }
        }
        assertArrayEquals(new int[] {32006, 887, 526, 263, 8444, 319, 29902, 20255, 29889, 32007, 32010, 15043, 3186,
                32007, 32001}, genai.encode(genai.applyChatTemplate(List.of(ChatMessage.system(SYSTEM),
                ChatMessage.user("Hello world")), true)));
    }

    @Test
    void plainTextGivesTheJavaCodecsIds() {
        for (String text : TEXTS) {
            assertArrayEquals(java.encode(text), genai.encode(text), text);
        }
    }

    @Test
    void answersDecodeAndStreamToTheJavaCodecsText() {
        for (String text : TEXTS) {
            int[] ids = genai.encode(text);
            assertEquals(java.decode(ids), genai.decode(ids), text);
            assertEquals(pieces(java, ids), pieces(genai, ids), text);
        }
        int[] answer = genai.encode("Київ 🦙 日本"); // ends inside characters: byte tokens of the emoji
        List<String> streamed = pieces(genai, answer);
        assertEquals("Київ 🦙 日本", String.join("", streamed));
        assertTrue(streamed.contains(""), "the emoji's first byte tokens give nothing yet: " + streamed);
        assertFalse(String.join("", streamed).contains("\uFFFD"));
    }

    private static List<String> pieces(TextCodec codec, int[] ids) {
        List<String> out = new ArrayList<>();
        try (TextCodec.TokenTextStream stream = codec.stream()) {
            for (int id : ids) {
                out.add(stream.next(id));
            }
        }
        return out;
    }

    /** GenAI drops the space of a word after a skipped special token; answers end at theirs, so this stays. */
    @Test
    void knownDifferenceWordsAfterSpecialTokensInsideDecodedIds() {
        int[] ids = genai.encode("<|system|>\nYou are a helpful AI assistant.<|end|>\n<|user|>\nHi<|end|>\n");
        assertEquals("You are a helpful AI assistant. Hi", java.decode(ids));
        assertEquals("You are a helpful AI assistant.Hi", genai.decode(ids));
    }

    @Test
    void aFolderWithoutAChatTemplateIsRenderedWithPhi3s(@TempDir Path tmp) throws IOException {
        Path folder = TinyModels.tiny(tmp.resolve("no-template"));
        Path config = folder.resolve("tokenizer_config.json");
        String json = Files.readString(config);
        String stripped = json.replaceFirst("\"chat_template\"\\s*:\\s*\"(\\\\.|[^\"\\\\])*\"\\s*,", "");
        assertTrue(stripped.length() < json.length(), "the tiny folder's tokenizer_config.json has a chat_template");
        Files.writeString(config, stripped);
        List<ChatMessage> conversation = List.of(ChatMessage.system(SYSTEM), ChatMessage.user("Hi"));
        try (GenAiBackend b = GenAiBackend.open(folder, "cpu")) {
            GenAIException genaiCannot = assertThrows(GenAIException.class,
                    () -> b.codec().tokenizer().applyChatTemplate(null, "[{\"role\":\"user\",\"content\":\"Hi\"}]", null, true));
            assertTrue(genaiCannot.getMessage().contains("Empty chat template"), genaiCannot.getMessage());
            assertFalse(b.codec().usesFolderChatTemplate());
            assertEquals(ChatTemplate.phi3().render(conversation, true), b.codec().applyChatTemplate(conversation, true));
        }
        assertTrue(genai.usesFolderChatTemplate());
    }

    @Test
    void aConverterFolderUsesItsChatTemplateFile(@TempDir Path tmp) throws IOException {
        Path folder = TinyModels.fixture("genai-cpu-fp32", tmp.resolve("fp32"));
        assertFalse(Files.readString(folder.resolve("tokenizer_config.json")).contains("chat_template"));
        List<ChatMessage> conversation = List.of(ChatMessage.system(SYSTEM), ChatMessage.user("Привіт"),
                ChatMessage.assistant("Hi"), ChatMessage.user("Tell \"me\" more\\"));
        try (GenAiBackend b = GenAiBackend.open(folder, "cpu")) {
            assertTrue(b.codec().usesFolderChatTemplate(), "chat_template.jinja is GenAI's");
            for (boolean generationPrompt : new boolean[] {true, false}) {
                assertEquals(ChatTemplate.phi3().render(conversation, generationPrompt),
                        b.codec().applyChatTemplate(conversation, generationPrompt));
            }
            String prompt = b.codec().applyChatTemplate(conversation, true);
            assertArrayEquals(JavaTokenizerCodec.forFolder(folder).encode(prompt), b.codec().encode(prompt));
        }
    }

    @Test
    void streamsAreFreedByCloseOrWithTheBackend(@TempDir Path tmp) throws IOException {
        int open = io.github.aipc4j.genai.GenAI.openObjects();
        TextCodec.TokenTextStream closedByUser = genai.stream();
        closedByUser.close();
        closedByUser.close();
        assertEquals(open, io.github.aipc4j.genai.GenAI.openObjects());
        assertThrows(IllegalStateException.class, () -> closedByUser.next(15043));
        try (GenAiBackend b = GenAiBackend.open(TinyModels.tiny(tmp.resolve("t")), "cpu")) {
            TextCodec.TokenTextStream left = b.codec().stream();
            assertEquals("Hello", left.next(15043));
            b.close();
            assertThrows(IllegalStateException.class, () -> left.next(3186));
            assertThrows(IllegalStateException.class, () -> b.codec().encode("x"));
            left.close();
        }
        assertEquals(open, io.github.aipc4j.genai.GenAI.openObjects(), "nothing of the closed backend is left");
        assertEquals(Arrays.toString(new int[0]), Arrays.toString(genai.encode("")));
    }
}
