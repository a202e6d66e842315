package io.outpost.uplink;

import io.outpost.json.JsonText;
import java.nio.charset.StandardCharsets;

/** The retained {@code P/status} payloads: birth on each connect, offline as Last Will and on a clean stop. */
final class StatusPayloads {

    private final UplinkIdentity identity;

    StatusPayloads(UplinkIdentity identity) {
        this.identity = identity;
    }

    byte[] online(long tsMillis) {
        StringBuilder out = new StringBuilder(160).append("{\"state\":\"online\"");
        identityFields(out);
        JsonText.field(out.append(','), "ts").append(tsMillis);
        JsonText.string(JsonText.field(out.append(','), "version"), identity.version());
        return utf8(out.append('}'));
    }

    byte[] offline() {
        return utf8(identityFields(new StringBuilder(96).append("{\"state\":\"offline\"")).append('}'));
    }

    private StringBuilder identityFields(StringBuilder out) {
        JsonText.string(JsonText.field(out.append(','), "gw"), identity.gatewayId());
        return JsonText.string(JsonText.field(out.append(','), "boot"), identity.bootId());
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
