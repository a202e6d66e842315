package io.outpost.store;

import io.outpost.json.JsonReader;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tag and ts of each sample of one stored telemetry record, in whichever encoding it was stored
 * ({@link RecordFormat}): JSON is read with {@link JsonReader}, compact with {@link CompactTelemetryReader};
 * no reading of either format of its own.
 *
 * <p>Stateless: any thread may read.
 */
public final class TelemetryTags {

    /** Told of one sample of the record. */
    public interface Each {
        void sample(TagId tag, long tsMillis);
    }

    private TelemetryTags() {
    }

    /**
     * Tells {@code each} of every sample of {@code payload}, in the record's order.
     *
     * @throws IllegalArgumentException when the payload is not a telemetry record
     */
    public static void forEach(byte[] payload, Each each) {
        if (RecordFormat.of(payload) == RecordFormat.CBOR) {
            for (Sample s : CompactTelemetryReader.samples(payload)) {
                each.sample(s.tag(), s.tsMillis());
            }
            return;
        }
        try {
            Object record = JsonReader.parse(new String(payload, StandardCharsets.UTF_8));
            if (!(record instanceof Map<?, ?> fields) || !(fields.get("samples") instanceof List<?> samples)) {
                throw new IllegalArgumentException("no samples in the record");
            }
            for (Object item : samples) {
                if (!(item instanceof Map<?, ?> sample) || !(sample.get("t") instanceof String tag)
                        || !(sample.get("ts") instanceof Long ts)) {
                    throw new IllegalArgumentException("a sample without t or ts: " + item);
                }
                each.sample(TagId.parse(tag), ts);
            }
        } catch (JsonReader.JsonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Samples of {@code payload} per source.
     *
     * @throws IllegalArgumentException when the payload is not a telemetry record
     */
    public static Map<String, Integer> samplesBySource(byte[] payload) {
        Map<String, Integer> counts = new HashMap<>();
        forEach(payload, (tag, ts) -> counts.merge(tag.source(), 1, Integer::sum));
        return counts;
    }
}
