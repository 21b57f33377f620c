package io.github.aipc4j.llm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopStringsTest {
    @Test
    void holdsBackAPossibleStartAndReleasesItWhenItIsNot() {
        StopStrings s = new StopStrings(List.of("</answer>"));
        assertEquals("The sky ", s.push("The sky </"));
        assertEquals("", s.push("ans"));
        assertEquals("</ansible", s.push("ible"));
        assertFalse(s.matched());
        assertEquals("", s.flush());
    }

    @Test
    void matchAcrossPiecesDropsTheStopAndTheRest() {
        StopStrings s = new StopStrings(List.of("User:"));
        assertEquals("Sure. ", s.push("Sure. Us"));
        assertEquals("Us\n", s.push("\nUser: hi"));
        assertTrue(s.matched());
    }

    @Test
    void earliestOfSeveralStopsWins() {
        StopStrings s = new StopStrings(List.of("bb", "a"));
        assertEquals("x", s.push("xabb"));
        assertTrue(s.matched());
    }

    @Test
    void flushReleasesHeldTextAtTheEnd() {
        StopStrings s = new StopStrings(List.of("###"));
        assertEquals("done", s.push("done##"));
        assertEquals("##", s.flush());
    }

    @Test
    void withoutStopsEverythingPassesThrough() {
        StopStrings s = new StopStrings(List.of());
        assertEquals("a</", s.push("a</"));
    }
}
