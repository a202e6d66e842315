package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.UplinkConfig.Encoding;
import io.outpost.testing.CompactRecords;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.SampleForms;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactTelemetryTest {

    private static final long RECORD_TS = 1763769600500L;

    private final RecordEncoder compact = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT,
            Encoding.COMPACT);
    private final RecordEncoder json = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT);

    @Test
    void everySampleComesBackWithItsTagTimeQualityAndValueType() {
        List<Sample> samples = RepresentativeRecords.compactCases();
        JsonNode decoded = CompactRecords.toJson(compact.telemetry(1042, RECORD_TS, samples), true);
        assertEquals(SampleForms.ofSamples(samples), SampleForms.ofDecoded(decoded));
        assertEquals(samples.size(), decoded.get("samples").size());
    }

    @Test
    void theHeaderIsReadableWithoutInflatingAndCarriesTheFormatVersion() {
        byte[] payload = compact.telemetry(1042, RECORD_TS, RepresentativeRecords.typical(10));
        assertEquals(List.of(0xD9, 0xD9, 0xF7), List.of(payload[0] & 0xFF, payload[1] & 0xFF, payload[2] & 0xFF),
                "self-described CBOR");
        JsonNode header = CompactRecords.header(payload);
        assertEquals(RepresentativeRecords.GATEWAY, header.get("gw").textValue());
        assertEquals(1042, header.get("seq").longValue());
        assertEquals(RepresentativeRecords.BOOT, header.get("boot").textValue());
        assertEquals(RECORD_TS, header.get("ts").longValue());
        assertEquals(1, header.get("fmt").intValue());
        assertTrue(header.get("z").isBinary(), header.toString());
        assertEquals(List.of("gw", "seq", "boot", "ts", "fmt", "z"), fieldNames(header));
    }

    @Test
    void aDecodedCompactRecordIsTheJsonRecordOfTheSameSamples() {
        List<Sample> samples = RepresentativeRecords.readings();
        JsonNode fromCompact = CompactRecords.toJson(compact.telemetry(7, RECORD_TS, samples));
        JsonNode fromJson = JsonRecords.tree(json.telemetry(7, RECORD_TS, samples));
        for (String field : List.of("gw", "seq", "boot", "ts")) {
            assertEquals(fromJson.get(field), fromCompact.get(field), field);
        }
        // JSON writes a whole float without its fraction; everything else reads the same.
        assertEquals(stringsOf(fromJson), stringsOf(fromCompact));
    }

    @Test
    void formatIsToldFromTheBytesAndEventsStayJson() {
        assertEquals(RecordFormat.CBOR, RecordFormat.of(compact.telemetry(1, RECORD_TS, RepresentativeRecords.typical(1))));
        assertEquals(RecordFormat.JSON, RecordFormat.of(json.telemetry(1, RECORD_TS, RepresentativeRecords.typical(1))));
        byte[] event = compact.event(3, RECORD_TS, "drop", RepresentativeRecords.eventFields());
        assertEquals(RecordFormat.JSON, RecordFormat.of(event));
        assertTrue(new String(event, StandardCharsets.UTF_8).startsWith("{\"gw\":\"press-line-7\",\"seq\":3,"));
        assertEquals("application/cbor", RecordFormat.CBOR.contentType());
        assertEquals("application/json", RecordFormat.JSON.contentType());
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMarkAsInJson() {
        List<Sample> samples = List.of(new Sample(TagId.parse("line/text"), RECORD_TS, Value.of("a\uD800b"), Quality.GOOD));
        JsonNode fromCompact = CompactRecords.toJson(compact.telemetry(1, RECORD_TS, samples));
        JsonNode fromJson = JsonRecords.tree(json.telemetry(1, RECORD_TS, samples));
        assertEquals("a?b", fromCompact.get("samples").get(0).get("v").textValue());
        assertEquals(fromJson.get("samples").get(0).get("v"), fromCompact.get("samples").get(0).get("v"));
    }

    @Test
    void aFullBatchIsAFractionOfItsJson() {
        List<Sample> samples = RepresentativeRecords.typical(500);
        int compactBytes = compact.telemetry(1, RECORD_TS, samples).length;
        int jsonBytes = json.telemetry(1, RECORD_TS, samples).length;
        assertTrue(compactBytes * 4 < jsonBytes, "compact " + compactBytes + " B, JSON " + jsonBytes + " B");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Each tag's samples as text, numbers by their double value, so 3 and 3.0 read alike. */
    private static List<String> stringsOf(JsonNode record) {
        String[] lines = new String[record.get("samples").size()];
        int i = 0;
        for (JsonNode s : record.get("samples")) {
            JsonNode v = s.get("v");
            String value = v.isNumber() ? Double.toString(v.doubleValue()) : v.toString();
            lines[i++] = s.get("t").textValue() + " " + s.get("ts") + " " + value + " " + s.get("q").textValue();
        }
        Arrays.sort(lines);
        return List.of(lines);
    }
}
