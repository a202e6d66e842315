package io.outpost.uplink;

import java.nio.charset.StandardCharsets;

/** The retained {@code P/status} payloads: birth on each connect, offline as Last Will and on a clean stop. */
final class StatusPayloads {

    private final UplinkIdentity identity;

    StatusPayloads(UplinkIdentity identity) {
        this.identity = identity;
    }

    byte[] online(long tsMillis) {
        return utf8("{\"state\":\"online\",\"gw\":" + quote(identity.gatewayId())
                + ",\"boot\":" + quote(identity.bootId())
                + ",\"ts\":" + tsMillis
                + ",\"version\":" + quote(identity.version()) + "}");
    }

    byte[] offline() {
        return utf8("{\"state\":\"offline\",\"gw\":" + quote(identity.gatewayId())
                + ",\"boot\":" + quote(identity.bootId()) + "}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
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
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
