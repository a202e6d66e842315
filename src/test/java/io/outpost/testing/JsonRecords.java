package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.store.RecordFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a consumer received on a lane, parsed as the JSON records docs/protocol.md describes; a compact
 * telemetry record is read back into the JSON record it stands for ({@link CompactRecords}).
 */
public final class JsonRecords {

    /** Jackson's mapper is safe to share once configured, and this one is never reconfigured. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {
    }

    public static List<JsonNode> parse(List<CloudConsumer.Received> received) {
        List<JsonNode> records = new ArrayList<>();
        for (CloudConsumer.Received r : received) {
            records.add(tree(r.payload()));
        }
        return records;
    }

    /** One record in either encoding, as the JSON record's tree. */
    public static JsonNode tree(byte[] payload) {
        if (RecordFormat.of(payload) == RecordFormat.CBOR) {
            return CompactRecords.toJson(payload);
        }
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample of the telemetry records received, in arrival order. */
    public static List<JsonNode> samples(List<CloudConsumer.Received> telemetry) {
        List<JsonNode> samples = new ArrayList<>();
        parse(telemetry).forEach(record -> record.get("samples").forEach(samples::add));
        return samples;
    }
}
