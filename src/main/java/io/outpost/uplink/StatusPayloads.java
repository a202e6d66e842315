package io.outpost.uplink;

import io.outpost.json.JsonOutput;
import java.io.IOException;

/** The retained {@code P/status} payloads: birth on each connect, offline as Last Will and on a clean stop. */
final class StatusPayloads {

    private final UplinkIdentity identity;

    StatusPayloads(UplinkIdentity identity) {
        this.identity = identity;
    }

    byte[] online(long tsMillis) {
        return JsonOutput.bytes(160, out -> identityFields(out, "online")
                .field("ts", tsMillis).field("version", identity.version()).endObject());
    }

    byte[] offline() {
        return JsonOutput.bytes(96, out -> identityFields(out, "offline").endObject());
    }

    private JsonOutput identityFields(JsonOutput out, String state) throws IOException {
        return out.startObject().field("state", state).field("gw", identity.gatewayId()).field("boot", identity.bootId());
    }
}
