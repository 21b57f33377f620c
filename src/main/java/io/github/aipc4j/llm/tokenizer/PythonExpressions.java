package io.github.aipc4j.llm.tokenizer;

import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.IfTag;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.tree.TagNode;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ExpressionFactory;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Where Jinjava's expression language (JUEL underneath) reads Python's differently, the Python meaning:
 * <ul>
 *   <li>{@code not} binds looser than comparisons and tests ({@code not x is defined} is
 *       {@code not (x is defined)}; JUEL reads {@code (not x) is defined});</li>
 *   <li>{@code ==} and {@code !=} compare without coercion ({@code "" != false} is true in Python; JUEL coerces
 *       the string to a boolean first);</li>
 *   <li>truthiness: any non-empty string is true (Jinjava treats the string {@code "false"} as false).</li>
 * </ul>
 */
final class PythonExpressions {
    private PythonExpressions() {
    }

    /** The expression factory of {@link PythonJinja}'s engine: Jinjava's syntax with the parser fixed. */
    static ExpressionFactory factory() {
        return new ExpressionFactoryImpl(new TreeStore(new PythonBuilder(), new Cache(1000)), new PythonConverter());
    }

    /** Python's truth value of a template value. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
        }
        if (value instanceof CharSequence || value instanceof SafeString) {
            return !value.toString().isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(value) != 0;
        }
        return com.hubspot.jinjava.util.ObjectTruthValue.evaluate(value);
    }

    /** Python's {@code a == b} for template values: numbers (and booleans) by value, no cross-type coercion. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (numeric(a) && numeric(b)) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        boolean aText = a instanceof CharSequence || a instanceof SafeString || a instanceof Character;
        boolean bText = b instanceof CharSequence || b instanceof SafeString || b instanceof Character;
        if (aText || bText) {
            return aText && bText && a.toString().equals(b.toString());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean numeric(Object o) {
        return o instanceof Number || o instanceof Boolean;
    }

    private static BigDecimal decimal(Object o) {
        if (o instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (o instanceof BigDecimal d) {
            return d;
        }
        if (o instanceof Double || o instanceof Float) {
            return new BigDecimal(((Number) o).doubleValue());
        }
        return new BigDecimal(o.toString());
    }

    private static final AstBinary.Operator EQ = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return equal(a, b);
        }

        @Override
        public String toString() {
            return "==";
        }
    };

    private static final AstBinary.Operator NE = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return !equal(a, b);
        }

        @Override
        public String toString() {
            return "!=";
        }
    };

    /** Jinjava's tree builder, creating {@link PythonParser}s. */
    static final class PythonBuilder extends Builder {
        private static final long serialVersionUID = 1L;

        PythonBuilder() {
            // what JUEL's JEE6 profile (Jinjava's default) enables: obj.method(...) and namespace(a=1, b=2)
            super(Feature.METHOD_INVOCATIONS, Feature.VARARGS);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PythonParser(this, expression);
        }
    }

    /** Jinjava's parser with Python's {@code not} precedence and equality. */
    static final class PythonParser extends ExtendedParser {
        PythonParser(Builder context, String input) {
            super(context, input);
        }

        @Override
        protected AstNode eq(boolean required) throws Scanner.ScanException, ParseException {
            if (getToken().getSymbol() == Scanner.Symbol.NOT) {
                consumeToken();
                return createAstUnary(eq(true), AstUnary.NOT);
            }
            AstNode v = cmp(required);
            if (v == null) {
                return null;
            }
            while (true) {
                switch (getToken().getSymbol()) {
                    case EQ -> {
                        consumeToken();
                        v = createAstBinary(v, cmp(true), EQ);
                    }
                    case NE -> {
                        consumeToken();
                        v = createAstBinary(v, cmp(true), NE);
                    }
                    case EXTENSION -> {
                        if (getExtensionHandler(getToken()).getExtensionPoint() != ExtensionPoint.EQ) {
                            return v;
                        }
                        v = getExtensionHandler(consumeToken()).createAstNode(v, cmp(true));
                    }
                    default -> {
                        return v;
                    }
                }
            }
        }
    }

    /** Jinjava's converter with Python's truthiness for {@code and}, {@code or} and {@code not}. */
    static final class PythonConverter extends TruthyTypeConverter {
        private static final long serialVersionUID = 1L;

        @Override
        protected Boolean coerceToBoolean(Object value) {
            return truthy(value);
        }
    }

    /** {@code if}/{@code elif} with Python's truthiness. */
    static final class PythonIfTag extends IfTag {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isPositiveIfElseNode(TagNode tagNode, JinjavaInterpreter interpreter) {
            return truthy(interpreter.resolveELExpression(tagNode.getHelpers(), tagNode.getLineNumber(),
                    tagNode.getStartPosition()));
        }
    }
}
