package io.github.aipc4j.llm.tokenizer;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face chat template (the Jinja source of {@code chat_template} in {@code tokenizer_config.json} or of
 * {@code chat_template.jinja}), compiled once and rendered as {@code transformers.apply_chat_template} renders it:
 * the variables {@code messages} (maps with {@code role} and {@code content}), {@code add_generation_prompt},
 * {@code bos_token} and {@code eos_token}, and the helpers {@code raise_exception}, {@code strftime_now} and
 * {@code tojson}. Rendered by HubSpot's Jinjava with Python's Jinja semantics filled in ({@link PythonJinja}).
 *
 * <p>Immutable and thread-safe: render it from any number of threads. A template that cannot be parsed fails in
 * {@link #compile}; a template that raises, or that uses a filter, test, function or {@code str} method that is not
 * known, fails in {@link #render} with a {@link ChatTemplateException} — never with quietly different text.
 */
public final class JinjaChatTemplate implements ChatTemplate {
    private final String source;
    private final Node root;
    private final String bosToken;
    private final String eosToken;
    private final Clock clock;

    private JinjaChatTemplate(String source, Node root, String bosToken, String eosToken, Clock clock) {
        this.source = source;
        this.root = root;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.clock = clock;
    }

    /**
     * Parses a template.
     *
     * @param source   the template's Jinja source
     * @param bosToken the {@code bos_token} the template may print (null: empty)
     * @param eosToken the {@code eos_token} the template may print (null: empty)
     * @throws ChatTemplateException for a syntax error, with its line
     */
    public static JinjaChatTemplate compile(String source, String bosToken, String eosToken) {
        Objects.requireNonNull(source, "source");
        String normalized = normalize(source);
        JinjavaInterpreter interpreter = interpreter(new Context(PythonJinja.ENGINE.getGlobalContextCopy()));
        Node root;
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            root = interpreter.parse(normalized);
        } catch (RuntimeException e) {
            throw new ChatTemplateException("chat template does not parse: " + e.getMessage(), 0, false, e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        // Jinjava only warns about an orphan end tag or an unclosed {{ ... ; Jinja refuses both
        failOnErrors(interpreter.getErrorsCopy().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL
                        || e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR)
                .map(e -> e.getSeverity() == TemplateError.ErrorType.FATAL ? e : fatal(e))
                .toList(), "chat template does not parse", normalized);
        JinjaChatTemplate template = new JinjaChatTemplate(source, root, bosToken == null ? "" : bosToken,
                eosToken == null ? "" : eosToken, Clock.systemDefaultZone());
        template.checkExpressions();
        return template;
    }

    /** The same template with {@code strftime_now} reading another clock (the system's by default). */
    public JinjaChatTemplate withClock(Clock clock) {
        return new JinjaChatTemplate(source, root, bosToken, eosToken, Objects.requireNonNull(clock, "clock"));
    }

    /** The template's source, as given. */
    public String source() {
        return source;
    }

    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders with extra template variables, as {@code apply_chat_template(..., **kwargs)} passes them (for example
     * {@code date_string}, {@code enable_thinking}, {@code tools}); they cannot replace {@code messages},
     * {@code add_generation_prompt}, {@code bos_token} or {@code eos_token}.
     *
     * @throws ChatTemplateException when the template raises, or uses something the engine does not know
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(variables, "variables");
        List<Map<String, Object>> list = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>(2);
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        Map<String, Object> bindings = new HashMap<>(variables);
        bindings.put("messages", list);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        // Python sees these helpers as defined globals ({% if strftime_now is defined %} in Llama 3.2's template)
        bindings.putIfAbsent("strftime_now", Helper.STRFTIME_NOW);
        bindings.putIfAbsent("raise_exception", Helper.RAISE_EXCEPTION);
        AtomicReference<String> raised = new AtomicReference<>();
        bindings.put(PythonJinja.CLOCK, clock);
        bindings.put(PythonJinja.RAISED, raised);
        return run(bindings, raised, false);
    }

    private String run(Map<String, Object> bindings, AtomicReference<String> raised, boolean validation) {
        JinjavaInterpreter interpreter = validation
                ? new PythonJinja.PythonInterpreter(PythonJinja.ENGINE,
                        new PythonJinja.StrictContext(PythonJinja.ENGINE.getGlobalContextCopy(), bindings),
                        JinjavaConfig.newBuilder().withValidationMode(true)
                                .withElResolver(PythonJinja.ENGINE.getGlobalConfig().getElResolver())
                                .withLegacyOverrides(PythonJinja.ENGINE.getGlobalConfig().getLegacyOverrides())
                                .withTrimBlocks(true).withLstripBlocks(true).build())
                : interpreter(new PythonJinja.StrictContext(PythonJinja.ENGINE.getGlobalContextCopy(), bindings));
        String out;
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            out = interpreter.render(root);
        } catch (RuntimeException e) {
            throw new ChatTemplateException("chat template failed: " + e.getMessage(), interpreter.getLineNumber(),
                    false, e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        List<TemplateError> errors = interpreter.getErrorsCopy();
        if (raised.get() != null) {
            int line = errors.stream().filter(JinjaChatTemplate::fromRaise).mapToInt(TemplateError::getLineno)
                    .findFirst().orElse(0);
            throw new ChatTemplateException(raised.get(), Math.max(line, 0), true, null);
        }
        failOnErrors(errors, "chat template failed", normalize(source));
        return out;
    }

    /**
     * Jinjava parses expressions when it first evaluates them; render every branch once in Jinjava's validation
     * mode so that a malformed expression fails at compile time, with its line, not in some later conversation.
     */
    private void checkExpressions() {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", List.of(new LinkedHashMap<>(Map.of("role", "user", "content", ""))));
        bindings.put("add_generation_prompt", true);
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        try {
            run(bindings, new AtomicReference<>(), true);
        } catch (ChatTemplateException e) {
            if (e.getMessage().contains("Error parsing") || e.getMessage().contains("syntax error")) {
                throw new ChatTemplateException(e.getMessage().replace("chat template failed", "chat template does not parse"),
                        e.line(), false, e.getCause());
            }
            // other failures depend on the conversation: reported when a real one meets them
        }
    }

    private static TemplateError fatal(TemplateError e) {
        return new TemplateError(TemplateError.ErrorType.FATAL, e.getReason(), e.getItem(),
                e.getMessage() + (e.getFieldName() != null ? " ('" + e.getFieldName() + "')" : ""), e.getFieldName(),
                e.getLineno(), e.getStartPosition(), e.getException());
    }

    private static boolean fromRaise(TemplateError e) {
        for (Throwable t = e.getException(); t != null; t = t.getCause()) {
            if (t instanceof PythonJinja.TemplateRaised) {
                return true;
            }
        }
        return e.getMessage() != null && e.getMessage().contains("raise_exception");
    }

    private static void failOnErrors(List<TemplateError> errors, String what, String source) {
        for (TemplateError e : errors) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                String detail = rootMessage(e);
                int line = line(source, e);
                throw new ChatTemplateException(what + (line > 0 ? " at line " + line : "") + ": " + detail, line,
                        false, e.getException());
            }
        }
    }

    private static final Pattern PARSING = Pattern.compile("^Error parsing '(.+)': ", Pattern.DOTALL);

    /**
     * The line of an error. Jinjava counts lines after trim_blocks has removed the newline that follows a block
     * tag, so an expression's line can be early; where the failing expression's text is found in the source, its
     * line there is used instead (the first occurrence at or after the line Jinjava gives).
     */
    static int line(String source, TemplateError e) {
        int reported = Math.max(e.getLineno(), 0);
        Matcher m = PARSING.matcher(e.getMessage() == null ? "" : e.getMessage());
        String text = m.find() ? m.group(1) : null;
        if (text == null || text.isBlank()) {
            return reported;
        }
        int best = 0;
        for (int at = source.indexOf(text); at >= 0; at = source.indexOf(text, at + 1)) {
            int line = 1 + (int) source.substring(0, at).chars().filter(c -> c == '\n').count();
            if (best == 0 || (best < reported && line >= reported)) {
                best = line;
            }
        }
        return best > 0 ? best : reported;
    }

    private static String rootMessage(TemplateError e) {
        for (Throwable t = e.getException(); t != null; t = t.getCause()) {
            if (t instanceof PythonJinja.UnknownName || t instanceof IllegalArgumentException) {
                return t.getMessage() + (e.getFieldName() != null ? " (in '" + e.getFieldName() + "')" : "");
            }
        }
        return e.getMessage();
    }

    private static JinjavaInterpreter interpreter(Context context) {
        return new PythonJinja.PythonInterpreter(PythonJinja.ENGINE, context, PythonJinja.ENGINE.getGlobalConfig());
    }

    /** Jinja2's lexer: newlines normalized to \n, and one trailing newline of the source dropped. */
    private static String normalize(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** What a template sees when it mentions a helper by name without calling it. */
    private enum Helper {
        STRFTIME_NOW, RAISE_EXCEPTION;

        @Override
        public String toString() {
            return "<function " + name().toLowerCase() + ">";
        }
    }
}
