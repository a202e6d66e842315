package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.outpost.store.CompactTelemetryReader;
import io.outpost.value.Sample;
import io.outpost.value.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads a compact telemetry record (docs/protocol.md) back into the tree of the JSON record it stands
 * for, so tests assert on either encoding alike: the header as is, {@code samples} tag after tag, each
 * tag's in time order; a NaN or infinite value as the JSON record's string. The samples come from the
 * daemon's own reader ({@link CompactTelemetryReader}), which the daemon reads queued records with at
 * start; the reading apart from the daemon's code is the reference decoder's
 * ({@code ReferenceDecoderTest}).
 */
public final class CompactRecords {

    /** Jackson's mapper is safe to share once configured, and this one is never reconfigured. */
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private CompactRecords() {
    }

    /** The header alone ({@code gw}, {@code seq}, {@code boot}, {@code ts}, {@code fmt}, {@code z}): no inflating. */
    public static JsonNode header(byte[] payload) {
        try {
            return CBOR.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(byte[] payload) {
        return toJson(payload, false);
    }

    /** @param exact keep NaN and infinities as floats, not the JSON record's strings */
    public static ObjectNode toJson(byte[] payload, boolean exact) {
        JsonNode header = header(payload);
        List<Sample> decoded = CompactTelemetryReader.samples(payload);
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("gw", "seq", "boot", "ts")) {
            record.set(field, header.get(field));
        }
        ArrayNode samples = record.putArray("samples");
        for (Sample s : decoded) {
            ObjectNode sample = samples.addObject();
            sample.put("t", s.tag().toString());
            sample.put("ts", s.tsMillis());
            Value v = s.value();
            if (v instanceof Value.Int i) {
                sample.put("v", i.value());
            } else if (v instanceof Value.Num n && !exact && !Double.isFinite(n.value())) {
                sample.put("v", Double.isNaN(n.value()) ? "NaN" : n.value() > 0 ? "Infinity" : "-Infinity");
            } else if (v instanceof Value.Num n) {
                sample.put("v", n.value());
            } else if (v instanceof Value.Bool b) {
                sample.put("v", b.value());
            } else if (v instanceof Value.Text t) {
                sample.put("v", t.value());
            } else {
                sample.putNull("v");
            }
            sample.put("q", s.quality().wireName());
        }
        return record;
    }
}
