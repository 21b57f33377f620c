package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import io.github.aipc4j.testing.Pins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chat-template test material of src/test/resources/chat-templates: the real templates (README.md there says
 * where each comes from), the conversations, and hf_reference.json, Python Jinja2's rendering of each template on
 * each conversation as transformers does it (written by hf_reference.py there).
 */
final class ChatTemplateCases {
    static final Path DIR = Pins.ROOT.resolve("src/test/resources/chat-templates");
    static final String PHI3 = "phi3-mini-instruct";
    /** The day hf_reference.py pins strftime_now to. */
    static final Clock REFERENCE_CLOCK = Clock.fixed(LocalDateTime.parse("2024-07-26T13:05:09")
            .atZone(ZoneId.systemDefault()).toInstant(), ZoneId.systemDefault());

    /** One rendering of hf_reference.json: the output, or the message the template raised. */
    record Case(String template, String conversation, boolean addGenerationPrompt, String output, String error) {
        @Override
        public String toString() {
            return template + " / " + conversation + " / add_generation_prompt=" + addGenerationPrompt;
        }
    }

    private ChatTemplateCases() {
    }

    /** Template name → Jinja source; Phi-3's is the model folder's own (native/tokenizers/phi3). */
    static Map<String, String> templates() {
        TestTokenizers.ensureFiles();
        Map<String, String> out = new TreeMap<>();
        Map<?, ?> phi3 = (Map<?, ?>) Json.parse(read(TestTokenizers.FOLDER.resolve("phi3/tokenizer_config.json")));
        out.put(PHI3, (String) phi3.get("chat_template"));
        try (var files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jinja")).toList()) {
                String name = f.getFileName().toString();
                out.put(name.substring(0, name.length() - ".jinja".length()), read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Conversation name → messages. */
    static Map<String, List<ChatMessage>> conversations() {
        Map<String, List<ChatMessage>> out = new LinkedHashMap<>();
        Map<?, ?> json = (Map<?, ?>) Json.parse(read(DIR.resolve("conversations.json")));
        json.forEach((name, messages) -> {
            List<ChatMessage> list = new ArrayList<>();
            for (Object m : (List<?>) messages) {
                Map<?, ?> map = (Map<?, ?>) m;
                list.add(new ChatMessage((String) map.get("role"), (String) map.get("content")));
            }
            out.put((String) name, list);
        });
        return out;
    }

    static Map<?, ?> reference() {
        return (Map<?, ?>) Json.parse(read(DIR.resolve("hf_reference.json")));
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Object o : (List<?>) reference().get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            out.add(new Case((String) c.get("template"), (String) c.get("conversation"),
                    (Boolean) c.get("add_generation_prompt"), (String) c.get("output"), (String) c.get("error")));
        }
        return out;
    }

    /** The messages as GenAI's applyChatTemplate takes them: a JSON array of {role, content}. */
    static String json(List<ChatMessage> messages) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        return Json.write(list);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
