package io.outpost.manage;

import io.outpost.core.JsonText;
import io.outpost.core.Value;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The reply payloads of commands: {@code {"ok":true,...fields}} or {@code {"ok":false,"error":"..."}}. */
final class ReplyPayloads {

    private ReplyPayloads() {
    }

    static byte[] ok(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder(96).append("{\"ok\":true");
        fields.forEach((name, value) -> {
            JsonText.field(out.append(','), name);
            Object plain = value instanceof Value v ? plain(v) : value;
            if (plain instanceof Double d) {
                JsonText.number(out, d);
            } else if (plain instanceof Number || plain instanceof Boolean) {
                out.append(plain);
            } else {
                JsonText.string(out, String.valueOf(plain));
            }
        });
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String reason) {
        StringBuilder out = new StringBuilder(96).append("{\"ok\":false,");
        JsonText.string(JsonText.field(out, "error"), reason);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object plain(Value value) {
        if (value instanceof Value.Bool b) {
            return b.value();
        }
        if (value instanceof Value.Int i) {
            return i.value();
        }
        if (value instanceof Value.Num n) {
            return n.value();
        }
        return ((Value.Text) value).value();
    }
}
