package io.github.aipc4j.llm.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad templates fail with a typed exception that says where and why; good ones render the same from any thread. */
class ChatTemplateErrorsTest {
    private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("hello"));

    private static ChatTemplateException compileFails(String source) {
        return assertThrows(ChatTemplateException.class, () -> ChatTemplate.jinja(source, "<s>", "</s>"));
    }

    private static ChatTemplateException renderFails(String source) {
        JinjaChatTemplate t = ChatTemplate.jinja(source, "<s>", "</s>");
        return assertThrows(ChatTemplateException.class, () -> t.render(HELLO, true));
    }

    @Test
    void syntaxErrorsFailAtCompileWithTheirLine() {
        ChatTemplateException bad = compileFails("line one\n{% for m in messages %}\n{{ m.content | }}\n{% endfor %}");
        assertEquals(3, bad.line(), bad.getMessage());
        assertTrue(bad.getMessage().contains("line 3") && bad.getMessage().contains("m.content |"), bad.getMessage());
        assertFalse(bad.raisedByTemplate());

        assertEquals(3, compileFails("a\nb\n{% if messages %}\nnever closed").line());
        assertEquals(2, compileFails("a\n{% endfor %}").line());
        assertEquals(4, compileFails("a\n\n\n{% frobnicate %}").line());
        assertEquals(2, compileFails("x\n{{ 'unterminated }}").line());
        // a branch this conversation never takes is still checked
        assertEquals(2, compileFails("{% if false %}\n{{ messages[0] + }}\n{% endif %}").line());
    }

    @Test
    void raiseExceptionBecomesATypedExceptionWithTheTemplatesMessage() {
        ChatTemplateException e = renderFails(
                "first line\n{{ raise_exception('Only user and assistant roles are supported!') }}");
        assertTrue(e.raisedByTemplate());
        assertEquals("Only user and assistant roles are supported!", e.getMessage());
        assertEquals(2, e.line());

        JinjaChatTemplate mistral = ChatTemplate.jinja(ChatTemplateCases.read(
                ChatTemplateCases.DIR.resolve("mistral-instruct-v0.2.jinja")), "<s>", "</s>");
        ChatTemplateException alternation = assertThrows(ChatTemplateException.class,
                () -> mistral.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true));
        assertTrue(alternation.raisedByTemplate());
        assertEquals("After the optional system message, conversation roles must alternate "
                + "user/assistant/user/assistant/...", alternation.getMessage());
    }

    @Test
    void whatTheEngineDoesNotKnowFailsInsteadOfRenderingLess() {
        assertTrue(renderFails("{{ messages[0].content | nosuchfilter }}").getMessage()
                .contains("no filter named 'nosuchfilter'"));
        assertTrue(renderFails("{% if messages[0].content is nosuchtest %}x{% endif %}").getMessage()
                .contains("no test named 'nosuchtest'"));
        assertTrue(renderFails("{{ nosuchfunction(1) }}").getMessage().contains("nosuchfunction"));
        // Java's String.matches exists, Python's str has no such method: never call the Java one
        assertTrue(renderFails("{{ messages[0].content.matches('h.*') }}").getMessage()
                .contains("str has no method 'matches'"));
        assertTrue(renderFails("{{ strftime_now('%Q') }}").getMessage().contains("%Q"));
        // Python-only syntax Jinjava lacks is refused at compile, not misread
        compileFails("{{ messages[::-1] }}");
    }

    @Test
    void messageTextIsNeverInterpretedAsTemplateCode() {
        JinjaChatTemplate t = ChatTemplate.jinja("{% for m in messages %}{{ m.content }}|{% endfor %}", null, null);
        String tricky = "{{ raise_exception('x') }} {% for x in y %} {# c #} {% raw %}";
        assertEquals(tricky + "|", t.render(List.of(ChatMessage.user(tricky)), false));
    }

    @Test
    void pythonSemanticsTheTemplatesRelyOn() {
        String out = ChatTemplate.jinja("""
                {%- set ns = namespace(n=0, last='') -%}
                {%- for m in messages[1:] -%}{%- set ns.n = ns.n + 1 -%}{%- set ns.last = m.role -%}{%- endfor -%}
                {{ ns.n }} {{ ns.last }} {{ messages|length }} {{ messages[0]['content']|trim }}|{{ messages[0].role }}
                {{ 'a' + messages[1].content | trim + 'b' }} {{ not undefined_name is defined }} {{ '' != false }} {{ not 1 == 2 }}
                {% if 'false' %}T{% endif %}{% if loop is defined %}L{% endif %} {{ '😀é'|length }}
                {{ messages[1].content.split('|')[-1] }} {{ ' x '.strip() }}{{ 'Hi'.upper() }} {{ bos_token ~ eos_token }}
                {{ {'k': 'ä', 'n': [1, none, true]} | tojson }}
                """, "<s>", "</s>").render(List.of(ChatMessage.system(" \u00a0sys\u3000"),
                ChatMessage.user("  u1|u2  "), ChatMessage.assistant("a")), false);
        assertEquals("2 assistant 3 sys|system\n"
                + "au1|u2b True True True\n"
                + "T 2\n"
                + "u2   xHI <s></s>\n"
                + "{\"k\": \"ä\", \"n\": [1, null, true]}", out);
    }

    @Test
    void oneCompiledTemplateRendersTheSameFromManyThreads() throws Exception {
        JinjaChatTemplate template = ChatTemplate.jinja(ChatTemplateCases.templates().get("llama3.2-instruct"),
                "<|begin_of_text|>", "<|eot_id|>").withClock(ChatTemplateCases.REFERENCE_CLOCK);
        List<List<ChatMessage>> conversations = new ArrayList<>(ChatTemplateCases.conversations().values());
        List<String> expected = conversations.stream().map(c -> template.render(c, true)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 100; i++) {
                        int k = (i + offset) % conversations.size();
                        assertEquals(expected.get(k), template.render(conversations.get(k), true));
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : runs) {
                total += f.get();
            }
            assertEquals(800, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
