package io.outpost.manage;

import io.outpost.json.JsonText;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        StringBuilder out = new StringBuilder(96).append("{\"ok\":true");
        fields.forEach((name, value) -> value(JsonText.string(out.append(','), name).append(':'), value));
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String reason) {
        StringBuilder out = new StringBuilder(96).append("{\"ok\":false,");
        JsonText.string(JsonText.field(out, "error"), reason);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder out, Object value) {
        Object plain = value instanceof Value v ? plain(v) : value instanceof Optional<?> o ? o.orElse(null) : value;
        if (plain == null) {
            out.append("null");
        } else if (plain instanceof Double d) {
            JsonText.number(out, d);
        } else if (plain instanceof Number || plain instanceof Boolean) {
            out.append(plain);
        } else if (plain instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                JsonText.string(out.append(separator), String.valueOf(e.getKey())).append(':');
                value(out, e.getValue());
                separator = ",";
            }
            out.append('}');
        } else if (plain instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                value(out.append(i == 0 ? "" : ","), list.get(i));
            }
            out.append(']');
        } else {
            JsonText.string(out, String.valueOf(plain));
        }
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
