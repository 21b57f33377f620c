package io.github.aipc4j.llm.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HubSpot's Jinjava set up to render Hugging Face chat templates as Python's Jinja2 does in
 * {@code transformers.apply_chat_template}: {@code trim_blocks} and {@code lstrip_blocks}, Python-style output of
 * lists and maps, keys when iterating a map, Python {@code str} methods, Hugging Face's {@code raise_exception},
 * {@code strftime_now} and {@code tojson}, Jinja's {@code items} filter and {@code generation} tag, and Python's
 * meaning of {@code trim} and {@code length}. Unknown filters and tests are errors rather than silently empty
 * output (Jinjava's default). One engine serves every template; it is thread-safe once built.
 */
final class PythonJinja {
    /** Hidden bindings of one render: the clock for strftime_now and where raise_exception leaves its message. */
    static final String CLOCK = "__aipc4j_clock__";
    static final String RAISED = "__aipc4j_raised__";

    static final Jinjava ENGINE = build();

    private PythonJinja() {
    }

    private static Jinjava build() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true) // Jinja2 drops the source's trailing newline, not the output's: see JinjaChatTemplate
                .withElResolver(resolver)
                .withInterperterFactory(new InterpreterFactory() {
                    @Override
                    public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
                        return new PythonInterpreter(orig);
                    }

                    @Override
                    public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
                        return new PythonInterpreter(application, context, config);
                    }
                })
                // a message that contains "{{" or "{%" is text, never template code
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .withIterateOverMapKeys(true)
                        .withEvaluateMapKeys(true)
                        // Jinjava's legacy precedence is Python's: filters and tests bind to the value
                        .withUseNaturalOperatorPrecedence(false)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build())
                .build();
        ExpressionFactory expressions = PythonExpressions.factory();
        Jinjava jinjava = new Jinjava(config) {
            @Override
            public ExpressionFactory getExpressionFactory() {
                return expressions;
            }
        };
        Context global = jinjava.getGlobalContext();
        global.registerFunction(new ELFunctionDefinition("", "raise_exception", PythonJinja.class,
                "raiseException", Object.class));
        global.registerFunction(new ELFunctionDefinition("", "strftime_now", PythonJinja.class,
                "strftimeNow", String.class));
        global.registerFilter(new ToJson());
        global.registerFilter(new Trim());
        global.registerFilter(new Items());
        global.registerFilter(new Length("length"));
        global.registerFilter(new Length("count"));
        global.registerTag(new Generation());
        global.registerTag(new PythonExpressions.PythonIfTag());
        return jinjava;
    }

    /** HF's {@code raise_exception(message)}: remembered for the render, which then fails with this message. */
    public static Object raiseException(Object message) {
        String text = String.valueOf(message);
        AtomicReference<String> raised = binding(RAISED);
        if (raised != null) {
            raised.compareAndSet(null, text);
        }
        throw new TemplateRaised(text);
    }

    /** HF's {@code strftime_now(format)}: the render's clock, formatted as Python's strftime does. */
    public static String strftimeNow(String format) {
        Clock clock = binding(CLOCK);
        return Strftime.format(ZonedDateTime.now(clock != null ? clock : Clock.systemDefaultZone()), format);
    }

    @SuppressWarnings("unchecked")
    private static <T> T binding(String name) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        return interpreter == null ? null : (T) interpreter.getContext().get(name);
    }

    /** Prints booleans as Python does ({@code True}, {@code False}); Jinjava prints them in lower case. */
    static final class PythonInterpreter extends JinjavaInterpreter {
        PythonInterpreter(Jinjava application, Context context, JinjavaConfig config) {
            super(application, context, config);
        }

        PythonInterpreter(JinjavaInterpreter orig) {
            super(orig);
        }

        @Override
        public String getAsString(Object object) {
            if (object instanceof Boolean b) {
                return b ? "True" : "False";
            }
            return super.getAsString(object);
        }
    }

    /** Thrown inside the engine by raise_exception; the render turns it into a {@link ChatTemplateException}. */
    static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message, null, false, false);
        }
    }

    /** The root context of one render: unknown filters and tests fail instead of yielding nothing. */
    static final class StrictContext extends Context {
        StrictContext(Context parent, Map<String, ?> bindings) {
            super(parent, bindings);
        }

        @Override
        public Filter getFilter(String name) {
            Filter f = super.getFilter(name);
            if (f == null) {
                throw new UnknownName("no filter named '" + name + "'");
            }
            return f;
        }

        @Override
        public ExpTest getExpTest(String name) {
            ExpTest t = super.getExpTest(name);
            if (t == null) {
                throw new UnknownName("no test named '" + name + "'");
            }
            return t;
        }
    }

    /** A filter or test the engine does not have. */
    static final class UnknownName extends RuntimeException {
        UnknownName(String message) {
            super(message, null, false, false);
        }
    }

    /** transformers' tojson: json.dumps(x, ensure_ascii=False, indent=..., separators=..., sort_keys=...). */
    private static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            Object separators = kwargs.get("separators");
            String item = null;
            String key = null;
            if (separators instanceof List<?> pair && pair.size() == 2) {
                item = String.valueOf(pair.get(0));
                key = String.valueOf(pair.get(1));
            }
            boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
            return new PythonJson(indent == null ? null : ((Number) indent).intValue(), item, key, sortKeys)
                    .dumps(var);
        }
    }

    /** Jinja's trim: Python's str.strip(), which strips Unicode whitespace (Jinjava's only strips ASCII controls). */
    private static final class Trim implements Filter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            String chars = args.length > 0 ? args[0] : null;
            return var == null ? "" : PythonStrings.strip(var.toString(), chars, true, true);
        }
    }

    /** Jinja 3.1's items filter: a map's (key, value) pairs. */
    private static final class Items implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var == null) {
                return List.of();
            }
            if (!(var instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("items: expected a mapping, got " + var.getClass().getSimpleName());
            }
            List<List<Object>> out = new ArrayList<>(map.size());
            map.forEach((k, v) -> out.add(Arrays.asList(k, v)));
            return out;
        }
    }

    /** Python's len(): code points of a string (Jinjava counts UTF-16 units), items of a collection or map. */
    private record Length(String name) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var == null) {
                return 0;
            }
            if (var instanceof CharSequence s) {
                return PythonStrings.length(s.toString());
            }
            if (var instanceof Collection<?> c) {
                return c.size();
            }
            if (var instanceof Map<?, ?> m) {
                return m.size();
            }
            if (var.getClass().isArray()) {
                return java.lang.reflect.Array.getLength(var);
            }
            if (var instanceof Iterable<?> it) {
                int n = 0;
                for (Object ignored : it) {
                    n++;
                }
                return n;
            }
            return PythonStrings.length(var.toString());
        }
    }

    /** transformers' {% generation %} ... {% endgeneration %}: marks the assistant's tokens; renders its body. */
    private static final class Generation implements Tag {
        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder out = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                out.append(child.render(interpreter));
            }
            return out.toString();
        }
    }
}
