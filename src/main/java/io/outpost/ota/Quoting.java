package io.outpost.ota;

/** Puts untrusted text into a message: quoted, cut short, control characters shown as escapes. */
final class Quoting {

    private static final int MAX = 80;

    private Quoting() {
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(text.length(), MAX); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > MAX ? "…\"" : "\"").toString();
    }
}
