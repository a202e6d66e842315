package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.store.RecordFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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

    /** The telemetry records received, by seq, each once (delivery is at least once). */
    public static TreeMap<Long, JsonNode> bySeq(List<CloudConsumer.Received> telemetry) {
        TreeMap<Long, JsonNode> bySeq = new TreeMap<>();
        parse(telemetry).forEach(r -> bySeq.put(r.get("seq").asLong(), r));
        return bySeq;
    }

    /** One tag's samples in the order the gateway stored them: by seq, each record once. */
    public static List<JsonNode> samplesOf(String tag, List<CloudConsumer.Received> telemetry) {
        List<JsonNode> samples = new ArrayList<>();
        bySeq(telemetry).values().forEach(r -> r.get("samples").forEach(s -> {
            if (s.get("t").asText().equals(tag)) {
                samples.add(s);
            }
        }));
        return samples;
    }
}
