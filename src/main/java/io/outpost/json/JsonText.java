package io.outpost.json;

/**
 * Appends JSON literals to a {@link StringBuilder}. Payloads are small flat objects built on hot
 * paths (a record of 500 samples), so they are written directly instead of through an object model.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * Appends a number. JSON has no NaN or infinities: those go out as the strings {@code "NaN"},
     * {@code "Infinity"} and {@code "-Infinity"}, which every JSON parser accepts and a consumer can map back.
     */
    public static StringBuilder number(StringBuilder out, double v) {
        if (Double.isNaN(v)) {
            return out.append("\"NaN\"");
        }
        if (Double.isInfinite(v)) {
            return out.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        }
        if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
            // Negative zero is a reading some devices report; the shortcut below would drop its sign.
            return out.append("-0.0");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return out.append((long) v);
        }
        return out.append(v);
    }

    /** Appends {@code "name":} (the name must need no escaping: our own field names). */
    public static StringBuilder field(StringBuilder out, String name) {
        return out.append('"').append(name).append("\":");
    }
}
