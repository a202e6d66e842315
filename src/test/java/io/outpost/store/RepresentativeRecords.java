package io.outpost.store;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records that exercise every branch of the record encoding: each value kind, the qualities a reading
 * has, the characters JSON must escape, text beyond ASCII, and the numbers JSON cannot hold. Their bytes
 * are pinned in {@code src/test/resources/golden/}; the encoding benchmark encodes the same samples.
 */
public final class RepresentativeRecords {

    public static final String GATEWAY = "press-line-7";
    public static final String BOOT = "5f0c9a1b22d4e6f7";

    private RepresentativeRecords() {
    }

    /** Good and uncertain readings of every kind; a bad sample's form is pinned on its own (it carries no value). */
    public static List<Sample> readings() {
        long ts = 1763769600100L;
        return List.of(
                sample("press1/pressure", ts, Value.of(7.25), Quality.GOOD),
                sample("press1/whole", ts + 1, Value.of(3.0), Quality.GOOD),
                sample("press1/tiny", ts + 2, Value.of(1e-7), Quality.GOOD),
                sample("press1/huge", ts + 3, Value.of(1.5e300), Quality.GOOD),
                sample("press1/big_whole", ts + 4, Value.of(1e15), Quality.GOOD),
                sample("press1/negative", ts + 5, Value.of(-123456.789), Quality.UNCERTAIN),
                sample("press1/negzero", ts + 6, Value.of(-0.0), Quality.GOOD),
                sample("press1/float", ts + 7, Value.of((double) 0.1f), Quality.GOOD),
                sample("press1/nan", ts + 8, Value.of(Double.NaN), Quality.GOOD),
                sample("press1/inf", ts + 9, Value.of(Double.POSITIVE_INFINITY), Quality.UNCERTAIN),
                sample("press1/neginf", ts + 10, Value.of(Double.NEGATIVE_INFINITY), Quality.GOOD),
                sample("press1/count", ts + 11, Value.of(9_007_199_254_740_993L), Quality.GOOD),
                sample("press1/min", ts + 12, Value.of(Long.MIN_VALUE), Quality.GOOD),
                sample("press1/zero", ts + 13, Value.of(0L), Quality.GOOD),
                sample("panel/door", ts + 14, Value.of(true), Quality.UNCERTAIN),
                sample("panel/lamp", ts + 15, Value.of(false), Quality.GOOD),
                sample("line/state", ts + 16, Value.of("say \"hi\"\\ /path\n\r\t\b\f\u0000\u0001\u001f\u007f"), Quality.GOOD),
                sample("line/unicode", ts + 17, Value.of("Grüße, 温度 \u2028 \uD83D\uDE00"), Quality.GOOD),
                sample("line/empty", ts + 18, Value.of(""), Quality.GOOD));
    }

    /** An event with every field kind the encoder takes, in an order that is not alphabetical. */
    public static Map<String, Object> eventFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lane", "telemetry");
        fields.put("first_seq", 1001L);
        fields.put("last_seq", 1250L);
        fields.put("count", 250);
        fields.put("ratio", 0.25);
        fields.put("whole", 2.0);
        fields.put("nan", Double.NaN);
        fields.put("final", false);
        fields.put("reason", "store.max_size reached: \"disk\"\n\u00e9");
        return fields;
    }

    /** {@code count} samples of the kinds a gateway mostly sends: floats, integers and booleans, all good. */
    public static List<Sample> typical(int count) {
        Sample[] samples = new Sample[count];
        for (int i = 0; i < count; i++) {
            TagId tag = new TagId("press" + (i % 8), "tag" + i);
            long ts = 1763769600000L + i;
            Value value = switch (i % 4) {
                case 0, 1 -> Value.of(20.0 + i * 0.013);
                case 2 -> Value.of((long) i * 7);
                default -> Value.of(i % 3 == 0);
            };
            samples[i] = new Sample(tag, ts, value, Quality.GOOD);
        }
        return List.of(samples);
    }

    /**
     * What a compact record must carry back exactly: {@link #readings}, bad samples, int64 extremes one after
     * the other in one tag (their deltas wrap), and several tags with many samples each, interleaved as
     * polls deliver them, their timestamps before and after the record's {@code ts} (1763769600500).
     */
    public static List<Sample> compactCases() {
        List<Sample> samples = new java.util.ArrayList<>(readings());
        long ts = 1763769600000L;
        samples.add(sample("plc/failed", ts, Value.NONE, Quality.BAD));
        samples.add(sample("line/refused", ts, Value.of("Bad_NodeIdUnknown"), Quality.BAD));
        long[] extremes = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE, 1, 0};
        for (int i = 0; i < extremes.length; i++) {
            samples.add(sample("plc/int64", ts + i, Value.of(extremes[i]), Quality.GOOD));
        }
        double walk = 21.5;
        for (int i = 0; i < 300; i++) {
            long at = ts + i * 3L;
            samples.add(sample("plc/counter", at, Value.of(65_530L + i), Quality.GOOD));
            walk += Math.sin(i) * 0.01;
            samples.add(sample("plc/temperature", at + 1, i % 50 == 7 ? Value.NONE : Value.of(walk),
                    i % 50 == 7 ? Quality.BAD : i % 50 == 8 ? Quality.UNCERTAIN : Quality.GOOD));
            samples.add(sample("plc/running", at + 2, Value.of(i % 7 < 4), Quality.GOOD));
            if (i % 10 == 0) {
                samples.add(sample("plc/float32", at + 2, Value.of((double) (float) (walk / 3)), Quality.GOOD));
                samples.add(sample("line/mode", at, Value.of(i % 20 == 0 ? "auto" : "manual"), Quality.GOOD));
            }
        }
        samples.add(sample("plc/counter", ts + 2_000_000, Value.of(1L), Quality.GOOD));
        return List.copyOf(samples);
    }

    private static Sample sample(String tag, long ts, Value value, Quality quality) {
        return new Sample(TagId.parse(tag), ts, value, quality);
    }
}
