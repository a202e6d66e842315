package io.outpost.store;

import io.outpost.json.JsonText;
import io.outpost.value.Sample;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds the exact bytes of a record (SPEC §4). The record is encoded once, when the store assigns
 * its seq, and kept as is: a seq always stands for the same content, whatever restarts in between.
 */
public final class RecordEncoder {

    private final String gatewayId;
    private final String bootId;

    public RecordEncoder(String gatewayId, String bootId) {
        this.gatewayId = gatewayId;
        this.bootId = bootId;
    }

    /** {@code {"gw":…,"seq":…,"boot":…,"ts":…,"samples":[{"t":…,"ts":…,"v":…,"q":…},…]}}. */
    public byte[] telemetry(long seq, long tsMillis, List<Sample> samples) {
        StringBuilder out = header(new StringBuilder(64 + samples.size() * 64), seq, tsMillis);
        JsonText.field(out.append(','), "samples").append('[');
        for (int i = 0; i < samples.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            sample(out, samples.get(i));
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An event record: the header plus {@code "type"} and the given fields, in the map's order.
     * Field values are strings, numbers or booleans.
     */
    public byte[] event(long seq, long tsMillis, String type, Map<String, ?> fields) {
        StringBuilder out = header(new StringBuilder(160), seq, tsMillis);
        JsonText.string(JsonText.field(out.append(','), "type"), type);
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            JsonText.field(out.append(','), f.getKey());
            Object v = f.getValue();
            if (v instanceof Number n) {
                JsonText.number(out, n.doubleValue());
            } else if (v instanceof Boolean b) {
                out.append(b.booleanValue());
            } else {
                JsonText.string(out, String.valueOf(v));
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private StringBuilder header(StringBuilder out, long seq, long tsMillis) {
        JsonText.string(JsonText.field(out.append('{'), "gw"), gatewayId);
        JsonText.field(out.append(','), "seq").append(seq);
        JsonText.string(JsonText.field(out.append(','), "boot"), bootId);
        JsonText.field(out.append(','), "ts").append(tsMillis);
        return out;
    }

    private static void sample(StringBuilder out, Sample s) {
        JsonText.string(JsonText.field(out.append('{'), "t"), s.tag().toString());
        JsonText.field(out.append(','), "ts").append(s.tsMillis());
        JsonText.field(out.append(','), "v");
        Value v = s.value();
        if (v instanceof Value.Num n) {
            JsonText.number(out, n.value());
        } else if (v instanceof Value.Int i) {
            out.append(i.value());
        } else if (v instanceof Value.Bool b) {
            out.append(b.value());
        } else if (v instanceof Value.Text t) {
            JsonText.string(out, t.value());
        }
        JsonText.string(JsonText.field(out.append(','), "q"), s.quality().wireName());
        out.append('}');
    }
}
