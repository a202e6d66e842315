package io.outpost.testing;

import io.outpost.store.RecordFormat;
import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Record payloads shaped like the real telemetry record (SPEC section 4), and a way to read their seq back. */
public final class TestPayloads {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private TestPayloads() {
    }

    /** {@code {"gw":..,"seq":..,"boot":..,"ts":..,"samples":[...]}} with {@code samples} samples (about 60 bytes each). */
    public static byte[] record(String gw, Lane lane, long seq, int samples) {
        StringBuilder json = new StringBuilder(80 + samples * 64);
        long ts = 1_763_769_600_000L + seq * 1000;
        json.append("{\"gw\":\"").append(gw).append("\",\"seq\":").append(seq)
                .append(",\"boot\":\"5f0c0e1a\",\"ts\":").append(ts).append(",\"samples\":[");
        for (int i = 0; i < samples; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"t\":\"press1/").append(lane.wireName()).append(i % 50)
                    .append("\",\"ts\":").append(ts - samples + i)
                    .append(",\"v\":").append(7.25 + (i % 100) * 0.01)
                    .append(",\"q\":\"good\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The seq of a record in either encoding (a compact record's header is read without inflating). */
    public static long seqOf(byte[] payload) {
        if (RecordFormat.of(payload) == RecordFormat.CBOR) {
            return CompactRecords.header(payload).get("seq").asLong();
        }
        Matcher m = SEQ.matcher(new String(payload, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalArgumentException("no seq in payload");
        }
        return Long.parseLong(m.group(1));
    }
}
