package io.outpost.store;

import io.outpost.config.UplinkConfig.Encoding;
import io.outpost.json.JsonOutput;
import io.outpost.value.Sample;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Builds the exact bytes of a record (SPEC §4). The record is encoded once, when the store assigns
 * its seq, and kept as is: a seq always stands for the same content, whatever restarts in between.
 * Telemetry is JSON or compact ({@code uplink.encoding}); events are JSON either way, being rare and read
 * by people as often as by programs. Immutable: any thread may encode.
 */
public final class RecordEncoder {

    private final String gatewayId;
    private final String bootId;
    private final Encoding telemetryEncoding;

    /** Telemetry as JSON. */
    public RecordEncoder(String gatewayId, String bootId) {
        this(gatewayId, bootId, Encoding.JSON);
    }

    public RecordEncoder(String gatewayId, String bootId, Encoding telemetryEncoding) {
        this.gatewayId = gatewayId;
        this.bootId = bootId;
        this.telemetryEncoding = telemetryEncoding;
    }

    /** A telemetry record in the configured encoding. */
    public byte[] telemetry(long seq, long tsMillis, List<Sample> samples) {
        return switch (telemetryEncoding) {
            case JSON -> jsonTelemetry(seq, tsMillis, samples);
            case COMPACT -> CompactTelemetry.encode(gatewayId, seq, bootId, tsMillis, samples);
        };
    }

    /** {@code {"gw":…,"seq":…,"boot":…,"ts":…,"samples":[{"t":…,"ts":…,"v":…,"q":…},…]}}. */
    private byte[] jsonTelemetry(long seq, long tsMillis, List<Sample> samples) {
        return JsonOutput.bytes(64 + samples.size() * 64, out -> {
            header(out, seq, tsMillis).name("samples").startArray();
            for (Sample s : samples) {
                sample(out, s);
            }
            out.endArray().endObject();
        });
    }

    /**
     * An event record: the header plus {@code "type"} and the given fields, in the map's order.
     * Field values are strings, numbers or booleans.
     */
    public byte[] event(long seq, long tsMillis, String type, Map<String, ?> fields) {
        return JsonOutput.bytes(160, out -> {
            header(out, seq, tsMillis).field("type", type);
            for (Map.Entry<String, ?> f : fields.entrySet()) {
                out.name(f.getKey()).plain(f.getValue());
            }
            out.endObject();
        });
    }

    private JsonOutput header(JsonOutput out, long seq, long tsMillis) throws IOException {
        return out.startObject().field("gw", gatewayId).field("seq", seq).field("boot", bootId).field("ts", tsMillis);
    }

    /** A bad sample keeps the {@code "v"} key, as {@code null}: every sample has the same four keys. */
    private static void sample(JsonOutput out, Sample s) throws IOException {
        out.startObject().field("t", s.tag().toString()).field("ts", s.tsMillis()).name("v");
        if (s.reading().isPresent()) {
            out.value(s.value());
        } else {
            out.nullValue();
        }
        out.field("q", s.quality().wireName()).endObject();
    }
}
