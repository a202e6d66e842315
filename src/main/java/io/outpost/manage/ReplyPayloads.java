package io.outpost.manage;

import io.outpost.json.JsonOutput;
import io.outpost.value.Value;
import java.util.Map;
import java.util.Optional;

/**
 * The reply payloads of commands: {@code {"ok":true,...fields}} or {@code {"ok":false,"error":"..."}}.
 * A field's value is a string, a number, a boolean, a {@link Value}, an {@link Optional} (empty is
 * {@code null}), {@code null}, or a {@code Map<String, ?>} or {@code List<?>} of those.
 */
final class ReplyPayloads {

    private ReplyPayloads() {
    }

    static byte[] ok(Map<String, ?> fields) {
        return JsonOutput.bytes(96, out -> {
            out.startObject().name("ok").bool(true);
            for (Map.Entry<String, ?> f : fields.entrySet()) {
                out.name(f.getKey()).plain(f.getValue());
            }
            out.endObject();
        });
    }

    static byte[] error(String reason) {
        return JsonOutput.bytes(96, out -> out.startObject().name("ok").bool(false).field("error", reason).endObject());
    }
}
