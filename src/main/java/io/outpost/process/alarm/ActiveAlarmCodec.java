package io.outpost.process.alarm;

import io.outpost.json.JsonOutput;
import io.outpost.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raised alarms as bytes, {@code {"active": [...]}}: the state kept with each alarm record. Older
 * builds wrote the same {@code active} list, beside other keys, to {@code data_dir/alarms-active.json},
 * which {@link #decode} reads too.
 */
final class ActiveAlarmCodec {

    private ActiveAlarmCodec() {
    }

    static byte[] encode(List<ActiveAlarm> active) {
        return JsonOutput.bytes(256, out -> {
            out.startObject().name("active").startArray();
            for (ActiveAlarm a : active) {
                out.startObject().field("name", a.name()).field("severity", a.severity()).field("raised_at", a.raisedAt())
                        .field("rule", a.rule()).name("raise").plain(a.raise()).endObject();
            }
            out.endArray().endObject();
        });
    }

    /** @param what names the bytes' origin in the error */
    static List<ActiveAlarm> decode(byte[] bytes, String what) throws IOException {
        try {
            Map<?, ?> root = (Map<?, ?>) JsonReader.parse(new String(bytes, StandardCharsets.UTF_8));
            List<ActiveAlarm> active = new ArrayList<>();
            for (Object item : (List<?>) root.get("active")) {
                Map<?, ?> a = (Map<?, ?>) item;
                active.add(new ActiveAlarm((String) a.get("name"), (String) a.get("severity"),
                        ((Number) a.get("raised_at")).longValue(), (String) a.get("rule"), fields(a.get("raise"))));
            }
            return active;
        } catch (JsonReader.JsonException | ClassCastException | NullPointerException e) {
            throw new IOException(what + " is not an alarm state Outpost wrote (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Object> fields(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, v));
        return out;
    }
}
