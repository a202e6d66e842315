package io.outpost.bench;

import io.outpost.value.Sample;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The record encoder as it was before Jackson wrote records: a {@link StringBuilder} and hand-written
 * escaping. Kept only so {@link EncodingBenchmark} can measure both side by side; bad samples still
 * carry their placeholder here, as they did.
 */
final class HandWrittenRecordEncoder {

    private final String gatewayId;
    private final String bootId;

    HandWrittenRecordEncoder(String gatewayId, String bootId) {
        this.gatewayId = gatewayId;
        this.bootId = bootId;
    }

    /** {@code {"gw":…,"seq":…,"boot":…,"ts":…,"samples":[{"t":…,"ts":…,"v":…,"q":…},…]}}. */
    byte[] telemetry(long seq, long tsMillis, List<Sample> samples) {
        StringBuilder out = header(new StringBuilder(64 + samples.size() * 64), seq, tsMillis);
        field(out.append(','), "samples").append('[');
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
    byte[] event(long seq, long tsMillis, String type, Map<String, ?> fields) {
        StringBuilder out = header(new StringBuilder(160), seq, tsMillis);
        string(field(out.append(','), "type"), type);
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            field(out.append(','), f.getKey());
            Object v = f.getValue();
            if (v instanceof Number n) {
                number(out, n.doubleValue());
            } else if (v instanceof Boolean b) {
                out.append(b.booleanValue());
            } else {
                string(out, String.valueOf(v));
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private StringBuilder header(StringBuilder out, long seq, long tsMillis) {
        string(field(out.append('{'), "gw"), gatewayId);
        field(out.append(','), "seq").append(seq);
        string(field(out.append(','), "boot"), bootId);
        field(out.append(','), "ts").append(tsMillis);
        return out;
    }

    private static void sample(StringBuilder out, Sample s) {
        string(field(out.append('{'), "t"), s.tag().toString());
        field(out.append(','), "ts").append(s.tsMillis());
        field(out.append(','), "v");
        Value v = s.value();
        if (v instanceof Value.Num n) {
            number(out, n.value());
        } else if (v instanceof Value.Int i) {
            out.append(i.value());
        } else if (v instanceof Value.Bool b) {
            out.append(b.value());
        } else if (v instanceof Value.Text t) {
            string(out, t.value());
        }
        string(field(out.append(','), "q"), s.quality().wireName());
        out.append('}');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Appends {@code s} as a quoted JSON string. */
    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
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
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * Appends a number. JSON has no NaN or infinities: those go out as the strings {@code "NaN"},
     * {@code "Infinity"} and {@code "-Infinity"}, which every JSON parser accepts and a consumer can map back.
     */
    private static StringBuilder number(StringBuilder out, double v) {
        if (Double.isNaN(v)) {
            return out.append("\"NaN\"");
        }
        if (Double.isInfinite(v)) {
            return out.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        }
        if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
            // Negative zero is a reading some devices report; the shortcut below would drop its sign.
            return out.append("-0.0");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return out.append((long) v);
        }
        return out.append(v);
    }

    /** Appends {@code "name":} (the name must need no escaping: our own field names). */
    private static StringBuilder field(StringBuilder out, String name) {
        return out.append('"').append(name).append("\":");
    }
}
