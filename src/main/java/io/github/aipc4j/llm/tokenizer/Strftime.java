package io.github.aipc4j.llm.tokenizer;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime} in the C locale, for the {@code strftime_now(format)} that Llama-3.x templates
 * call ({@code "%d %b %Y"}). Directives outside the C standard's common set are refused rather than guessed.
 */
final class Strftime {
    private Strftime() {
    }

    static String format(ZonedDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            boolean noPad = false;
            if (d == '-' && i + 1 < format.length()) {
                // glibc's "no padding" flag, which Python on Linux passes through (%-d)
                noPad = true;
                d = format.charAt(++i);
            }
            switch (d) {
                case 'd' -> pad(out, t.getDayOfMonth(), 2, noPad);
                case 'e' -> out.append(noPad ? String.valueOf(t.getDayOfMonth()) : String.format("%2d", t.getDayOfMonth()));
                case 'm' -> pad(out, t.getMonthValue(), 2, noPad);
                case 'Y' -> out.append(t.getYear());
                case 'y' -> pad(out, t.getYear() % 100, 2, noPad);
                case 'H' -> pad(out, t.getHour(), 2, noPad);
                case 'I' -> pad(out, (t.getHour() + 11) % 12 + 1, 2, noPad);
                case 'M' -> pad(out, t.getMinute(), 2, noPad);
                case 'S' -> pad(out, t.getSecond(), 2, noPad);
                case 'f' -> pad(out, t.getNano() / 1000, 6, false);
                case 'j' -> pad(out, t.getDayOfYear(), 3, noPad);
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'z' -> out.append(t.getOffset().getId().equals("Z") ? "+0000"
                        : t.getOffset().getId().replace(":", ""));
                case 'Z' -> out.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'F' -> out.append(format(t, "%Y-%m-%d"));
                case 'T' -> out.append(format(t, "%H:%M:%S"));
                case 'D' -> out.append(format(t, "%m/%d/%y"));
                case '%' -> out.append('%');
                default -> throw new IllegalArgumentException("strftime_now: unsupported directive %" + d
                        + " in \"" + format + "\"");
            }
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, int value, int width, boolean noPad) {
        String s = String.valueOf(value);
        if (!noPad) {
            out.append("0".repeat(Math.max(0, width - s.length())));
        }
        out.append(s);
    }
}
