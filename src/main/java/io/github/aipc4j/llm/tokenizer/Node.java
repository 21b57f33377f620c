package io.github.aipc4j.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value with its JSON path ({@code $.pre_tokenizer.pretokenizers[1]}), so that every complaint about
 * a configuration names the place it is about.
 */
final class Node {
    final Object value;
    final String path;

    Node(Object value, String path) {
        this.value = value;
        this.path = path;
    }

    static Node root(Object value) {
        return new Node(value, "$");
    }

    boolean isNull() {
        return value == null;
    }

    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(path + ": " + message);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error("expected an object, found " + describe(value));
    }

    boolean has(String key) {
        return value instanceof Map<?, ?> m && m.containsKey(key) && m.get(key) != null;
    }

    Node get(String key) {
        return new Node(map().get(key), path + "." + key);
    }

    /** The member, which must be present and not null. */
    Node required(String key) {
        Node n = get(key);
        if (n.value == null) {
            throw error("lacks the member '" + key + "'");
        }
        return n;
    }

    List<Node> list() {
        if (!(value instanceof List<?> l)) {
            throw error("expected an array, found " + describe(value));
        }
        List<Node> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(new Node(l.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    String string() {
        if (value instanceof String s) {
            return s;
        }
        throw error("expected a string, found " + describe(value));
    }

    String string(String key, String fallback) {
        Node n = get(key);
        return n.value == null ? fallback : n.string();
    }

    /** The member as a string, or null when absent or null. */
    String stringOrNull(String key) {
        return string(key, null);
    }

    boolean bool(String key, boolean fallback) {
        Node n = get(key);
        if (n.value == null) {
            return fallback;
        }
        if (n.value instanceof Boolean b) {
            return b;
        }
        throw n.error("expected true or false, found " + describe(n.value));
    }

    long longValue() {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return d.longValue();
        }
        throw error("expected an integer, found " + describe(value));
    }

    int intValue() {
        long v = longValue();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("integer out of range: " + v);
        }
        return (int) v;
    }

    int integer(String key, int fallback) {
        Node n = get(key);
        return n.value == null ? fallback : n.intValue();
    }

    double number() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw error("expected a number, found " + describe(value));
    }

    /** A single Unicode scalar value given as a one-character string (serde's {@code char}). */
    int codePoint(String key, int fallback) {
        Node n = get(key);
        if (n.value == null) {
            return fallback;
        }
        String s = n.string();
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw n.error("expected a single character, found \"" + s + "\"");
        }
        return s.codePointAt(0);
    }

    String type() {
        Node t = get("type");
        if (t.value == null) {
            throw error("lacks the member 'type'");
        }
        return t.string();
    }

    IllegalArgumentException unsupported(String what) {
        String type = value instanceof Map<?, ?> m && m.get("type") instanceof String s ? s : describe(value);
        return new IllegalArgumentException(path + ": unsupported " + what + " '" + type + "' (aipc4j's tokenizer "
                + "does not implement it)");
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        return v.toString();
    }
}
