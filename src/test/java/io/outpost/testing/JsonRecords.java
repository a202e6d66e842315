package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What a consumer received on a lane, parsed as the JSON records docs/protocol.md describes. */
public final class JsonRecords {

    /** Jackson's mapper is safe to share once configured, and this one is never reconfigured. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {
    }

    public static List<JsonNode> parse(List<CloudConsumer.Received> received) {
        List<JsonNode> records = new ArrayList<>();
        for (CloudConsumer.Received r : received) {
            try {
                records.add(JSON.readTree(r.payload()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }

    /** Every sample of the telemetry records received, in arrival order. */
    public static List<JsonNode> samples(List<CloudConsumer.Received> telemetry) {
        List<JsonNode> samples = new ArrayList<>();
        parse(telemetry).forEach(record -> record.get("samples").forEach(samples::add));
        return samples;
    }
}
