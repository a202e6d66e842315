package io.outpost.ota;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for a flat object of strings and integers, which is all a
 * manifest holds: members sorted by key (UTF-16 code units, which is {@link String#compareTo}), no
 * whitespace, strings escaped as ECMAScript's {@code JSON.stringify} escapes them ({@code \"}, {@code \\},
 * {@code \b \f \n \r \t}, other control characters as backslash-u and four lower-case hex digits, everything else as
 * is), integers in plain decimal (a manifest's integers are below 2^53, where RFC 8785's number form is
 * exactly that). The bytes are UTF-8. Stateless.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    /** {@code members}: values are {@link String} or {@link Long}. */
    static byte[] of(Map<String, ?> members) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> e : new TreeMap<>(members).entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, e.getKey());
            out.append(':');
            if (e.getValue() instanceof Long n) {
                out.append(n.longValue());
            } else if (e.getValue() instanceof String s) {
                string(out, s);
            } else {
                throw new IllegalArgumentException("only strings and integers are canonicalised here: " + e.getKey());
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
