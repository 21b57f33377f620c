package io.github.aipc4j.llm;

import java.util.List;

/**
 * OpenAI's stop-sequence semantics over streamed text: text is released only once no stop string can begin in it,
 * so a stop string split across tokens is still caught and never shown; on a match, the text before it is released
 * and everything from the stop string on is dropped.
 */
final class StopStrings {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean matched;

    StopStrings(List<String> stops) {
        this.stops = stops;
    }

    /** Adds generated text; returns what may be shown now (maybe empty). */
    String push(String piece) {
        if (matched) {
            throw new IllegalStateException("a stop string already matched");
        }
        if (stops.isEmpty()) {
            return piece;
        }
        pending.append(piece);
        int at = -1;
        for (String stop : stops) {
            int i = pending.indexOf(stop);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        if (at >= 0) {
            matched = true;
            String out = pending.substring(0, at);
            pending.setLength(0);
            return out;
        }
        int hold = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, pending.length()); k > hold; k--) {
                if (endsWith(pending, stop, k)) {
                    hold = k;
                    break;
                }
            }
        }
        String out = pending.substring(0, pending.length() - hold);
        pending.delete(0, pending.length() - hold);
        return out;
    }

    /** Whether a stop string was found. */
    boolean matched() {
        return matched;
    }

    /** The held-back text, released when the generation ends for another reason. */
    String flush() {
        String out = pending.toString();
        pending.setLength(0);
        return out;
    }

    private static boolean endsWith(StringBuilder text, String stop, int prefixLength) {
        int offset = text.length() - prefixLength;
        for (int i = 0; i < prefixLength; i++) {
            if (text.charAt(offset + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
