package io.github.aipc4j.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written JSON reader and writer. */
class JsonTest {
    @Test
    void readsEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null, \"x\"], \"b\": {}, \"c\": []} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null, "x"), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) Json.parse("{\"b\":1,\"a\":2}")).keySet()));
        assertEquals(2L, ((Map<?, ?>) Json.parse("{\"k\":1,\"k\":2}")).get("k"));
        assertNull(Json.parse("null"));
    }

    @Test
    void readsEscapes() {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\u2581😀", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u2581\\ud83d\\ude00\""));
        assertEquals("plain ▁ text 🦀", Json.parse("\"plain ▁ text 🦀\""));
    }

    @Test
    void writesWhatItReads() {
        String json = "{\"s\":\"a\\\"b\\\\c\\n\\u0001▁\",\"n\":[1,2.5,true,null],\"o\":{\"k\":\"v\"}}";
        assertEquals(json, Json.write(Json.parse(json)));
    }

    @Test
    void refusesBrokenDocuments() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "[1 2]", "\"open", "tru", "01x", "{} {}", "\"\\x\"",
                "\"\\u12\"", "{\"a\":1,}", "-", "1.", "1e", "\"a\u0001\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid JSON at line"), e.getMessage());
        }
    }
}
