package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {

    private final RecordEncoder encoder = new RecordEncoder("press-line-7", "5f0c");

    @Test
    void telemetryRecordIsExactlyTheSpecShape() {
        byte[] payload = encoder.telemetry(1042, 1763769600123L, List.of(
                new Sample(TagId.parse("press1/pressure"), 1763769600100L, Value.of(7.25), Quality.GOOD),
                new Sample(TagId.parse("press1/count"), 1763769600101L, Value.of(9_007_199_254_740_993L), Quality.GOOD),
                new Sample(TagId.parse("panel/door"), 1763769600102L, Value.of(true), Quality.UNCERTAIN),
                new Sample(TagId.parse("line/state"), 1763769600103L, Value.of("say \"hi\"\n"), Quality.BAD)));
        assertEquals("{\"gw\":\"press-line-7\",\"seq\":1042,\"boot\":\"5f0c\",\"ts\":1763769600123,\"samples\":["
                + "{\"t\":\"press1/pressure\",\"ts\":1763769600100,\"v\":7.25,\"q\":\"good\"},"
                + "{\"t\":\"press1/count\",\"ts\":1763769600101,\"v\":9007199254740993,\"q\":\"good\"},"
                + "{\"t\":\"panel/door\",\"ts\":1763769600102,\"v\":true,\"q\":\"uncertain\"},"
                + "{\"t\":\"line/state\",\"ts\":1763769600103,\"v\":null,\"q\":\"bad\"}]}",
                new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void numbersThatJsonCannotHoldGoOutAsStrings() {
        byte[] payload = encoder.telemetry(1, 0, List.of(
                new Sample(TagId.parse("a/nan"), 0, Value.of(Double.NaN), Quality.GOOD),
                new Sample(TagId.parse("a/inf"), 0, Value.of(Double.NEGATIVE_INFINITY), Quality.GOOD),
                new Sample(TagId.parse("a/whole"), 0, Value.of(3.0), Quality.GOOD),
                new Sample(TagId.parse("a/tiny"), 0, Value.of(1e-7), Quality.GOOD),
                new Sample(TagId.parse("a/negzero"), 0, Value.of(-0.0), Quality.GOOD)));
        String json = new String(payload, StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"v\":\"NaN\""), json);
        assertEquals(true, json.contains("\"v\":\"-Infinity\""), json);
        assertEquals(true, json.contains("\"v\":3,"), json);
        assertEquals(true, json.contains("\"v\":1.0E-7,"), json);
        assertEquals(true, json.contains("\"v\":-0.0,"), json);
    }

    /**
     * A bad sample has no reading, whatever its source had at hand when it made it (a NaN placeholder, an
     * OPC UA reason text, a value the server sent with a bad status): {@code "v":null}, so a consumer's
     * column keeps its type. A NaN that was read stays the documented {@code "NaN"}.
     */
    @Test
    void aBadSampleCarriesANullValueAndAReadNaNKeepsItsForm() {
        byte[] payload = encoder.telemetry(1, 0, List.of(
                new Sample(TagId.parse("plc/failed"), 0, Value.of(Double.NaN), Quality.BAD),
                new Sample(TagId.parse("line/refused"), 0, Value.of("node ns=2;s=Nope: Bad_NodeIdUnknown"), Quality.BAD),
                new Sample(TagId.parse("line/stale"), 0, Value.of(21.5), Quality.BAD),
                new Sample(TagId.parse("plc/nan"), 0, Value.of(Double.NaN), Quality.GOOD)));
        assertEquals("{\"gw\":\"press-line-7\",\"seq\":1,\"boot\":\"5f0c\",\"ts\":0,\"samples\":["
                + "{\"t\":\"plc/failed\",\"ts\":0,\"v\":null,\"q\":\"bad\"},"
                + "{\"t\":\"line/refused\",\"ts\":0,\"v\":null,\"q\":\"bad\"},"
                + "{\"t\":\"line/stale\",\"ts\":0,\"v\":null,\"q\":\"bad\"},"
                + "{\"t\":\"plc/nan\",\"ts\":0,\"v\":\"NaN\",\"q\":\"good\"}]}",
                new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void eventRecordKeepsFieldOrderAndTypes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lane", "telemetry");
        fields.put("first_seq", 10L);
        fields.put("last_seq", 19L);
        fields.put("count", 10);
        fields.put("final", false);
        assertEquals("{\"gw\":\"press-line-7\",\"seq\":3,\"boot\":\"5f0c\",\"ts\":77,\"type\":\"drop\","
                + "\"lane\":\"telemetry\",\"first_seq\":10,\"last_seq\":19,\"count\":10,\"final\":false}",
                new String(encoder.event(3, 77, "drop", fields), StandardCharsets.UTF_8));
    }
}
