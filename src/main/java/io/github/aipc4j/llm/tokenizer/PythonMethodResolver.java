package io.github.aipc4j.llm.tokenizer;

import com.hubspot.jinjava.objects.SafeString;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Resolves method calls on strings ({@code message['content'].strip()}) with Python's {@code str} methods.
 * Without it Jinjava would call the Java method of that name, where one exists, with Java's meaning
 * ({@code split} takes a regular expression there), or silently render nothing; so a {@code str} method this class
 * does not know is an error, never a Java call.
 */
final class PythonMethodResolver extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String || base instanceof SafeString) || method == null) {
            return null;
        }
        String s = base.toString();
        Object[] args = params == null ? new Object[0] : params;
        Object result = switch (method.toString()) {
            case "strip" -> PythonStrings.strip(s, optionalString(args, 0), true, true);
            case "lstrip" -> PythonStrings.strip(s, optionalString(args, 0), true, false);
            case "rstrip" -> PythonStrings.strip(s, optionalString(args, 0), false, true);
            case "split" -> PythonStrings.split(s, optionalString(args, 0),
                    args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "startswith" -> affixes(args).stream().anyMatch(s::startsWith);
            case "endswith" -> affixes(args).stream().anyMatch(s::endsWith);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> PythonStrings.title(s);
            case "capitalize" -> PythonStrings.capitalize(s);
            case "replace" -> replace(s, args);
            case "find" -> s.indexOf(requiredString(args, 0)) < 0 ? -1
                    : s.codePointCount(0, s.indexOf(requiredString(args, 0)));
            case "count" -> count(s, requiredString(args, 0));
            case "isspace" -> !s.isEmpty() && s.codePoints().allMatch(PythonStrings::isSpace);
            case "isdigit" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            default -> throw new ELException("str has no method '" + method + "' that aipc4j's chat templates "
                    + "know (known: strip, lstrip, rstrip, split, startswith, endswith, upper, lower, title, "
                    + "capitalize, replace, find, count, isspace, isdigit)");
        };
        context.setPropertyResolved(true);
        return result;
    }

    private static String optionalString(Object[] args, int i) {
        return args.length > i && args[i] != null ? args[i].toString() : null;
    }

    private static String requiredString(Object[] args, int i) {
        if (args.length <= i || args[i] == null) {
            throw new ELException("missing string argument " + (i + 1));
        }
        return args[i].toString();
    }

    private static List<String> affixes(Object[] args) {
        if (args.length == 0) {
            throw new ELException("startswith/endswith need a prefix");
        }
        List<String> out = new ArrayList<>();
        if (args[0] instanceof Iterable<?> many) {
            many.forEach(a -> out.add(String.valueOf(a)));
        } else {
            out.add(String.valueOf(args[0]));
        }
        return out;
    }

    private static String replace(String s, Object[] args) {
        String old = requiredString(args, 0);
        String replacement = requiredString(args, 1);
        int limit = args.length > 2 ? ((Number) args[2]).intValue() : -1;
        if (limit < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int done = 0; done < limit; done++) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            from = at + old.length();
            if (old.isEmpty()) {
                if (from < s.length()) {
                    out.append(s.charAt(from));
                }
                from++;
            }
        }
        return from <= s.length() ? out.append(s.substring(from)).toString() : out.toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return PythonStrings.length(s) + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: templates never assign into strings
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
