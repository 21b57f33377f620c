package io.github.aipc4j.llm.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * aipc4j's Jinja rendering equals Python Jinja2's as transformers runs it (hf_reference.json, written by
 * hf_reference.py with Jinja2 3.1.6) on every template and conversation of src/test/resources/chat-templates:
 * the same text, or the same raise_exception message.
 */
class ChatTemplateHfReferenceTest {

    @Test
    void everyTemplateRendersEveryConversationAsTransformersDoes() {
        Map<?, ?> reference = ChatTemplateCases.reference();
        String bos = (String) reference.get("bos_token");
        String eos = (String) reference.get("eos_token");
        Map<String, String> sources = ChatTemplateCases.templates();
        Map<String, List<ChatMessage>> conversations = ChatTemplateCases.conversations();
        Map<String, JinjaChatTemplate> compiled = new HashMap<>();
        List<ChatTemplateCases.Case> cases = ChatTemplateCases.cases();
        List<String> mismatches = new ArrayList<>();
        int raised = 0;
        for (ChatTemplateCases.Case c : cases) {
            JinjaChatTemplate template = compiled.computeIfAbsent(c.template(), name ->
                    ChatTemplate.jinja(sources.get(name), bos, eos).withClock(ChatTemplateCases.REFERENCE_CLOCK));
            List<ChatMessage> messages = conversations.get(c.conversation());
            if (c.error() != null) {
                raised++;
                try {
                    template.render(messages, c.addGenerationPrompt());
                    mismatches.add(c + ": rendered, but Jinja2 raised " + c.error());
                } catch (ChatTemplateException e) {
                    if (!e.raisedByTemplate() || !e.getMessage().equals(c.error())) {
                        mismatches.add(c + ": raised " + e.getMessage() + ", Jinja2 raised " + c.error());
                    }
                }
            } else {
                String out = template.render(messages, c.addGenerationPrompt());
                if (!out.equals(c.output())) {
                    mismatches.add(c + ":\n  expected " + c.output().replace("\n", "\\n") + "\n  rendered "
                            + out.replace("\n", "\\n"));
                }
            }
        }
        assertEquals(sources.size() * conversations.size() * 2, cases.size(), "hf_reference.json is stale: "
                + "run python3 src/test/resources/chat-templates/hf_reference.py");
        assertTrue(raised > 20, "the conversations should make some templates raise");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + cases.size() + " renderings differ from Jinja2:\n"
                    + String.join("\n", mismatches));
        }
    }

    @Test
    void phi3InJavaEqualsTheFolderTemplateRenderedByJinja() {
        JinjaChatTemplate jinja = ChatTemplate.fromFolder(TestTokenizers.FOLDER.resolve("phi3"));
        assertEquals("<s>", jinja.bosToken());
        assertEquals("<|endoftext|>", jinja.eosToken());
        Map<String, List<ChatMessage>> conversations = new HashMap<>(ChatTemplateCases.conversations());
        // Phi-3's template skips roles it does not know; so does phi3()
        conversations.put("unknown-roles", List.of(ChatMessage.system("S"), new ChatMessage("tool", "{\"x\": 1}"),
                ChatMessage.user("U"), new ChatMessage("developer", "D"), ChatMessage.assistant("A")));
        int compared = 0;
        for (var c : conversations.entrySet()) {
            for (boolean gen : new boolean[] {true, false}) {
                assertEquals(jinja.render(c.getValue(), gen), ChatTemplate.phi3().render(c.getValue(), gen),
                        c.getKey() + " add_generation_prompt=" + gen);
                compared++;
            }
        }
        assertEquals(2 * conversations.size(), compared);
        assertFalse(ChatTemplate.phi3().render(conversations.get("unknown-roles"), true).contains("developer"));
    }
}
