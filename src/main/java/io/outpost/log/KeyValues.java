package io.outpost.log;

import java.util.Map;

/** Formats fields as {@code key=value key="value with spaces"} for one-line log events. */
public final class KeyValues {

    private KeyValues() {
    }

    public static String of(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(' ');
            }
            String text = String.valueOf(v);
            out.append(k).append('=');
            if (text.isEmpty() || text.indexOf(' ') >= 0 || text.indexOf('"') >= 0) {
                out.append('"').append(text.replace("\"", "'")).append('"');
            } else {
                out.append(text);
            }
        });
        return out.toString();
    }
}
