package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.config.UplinkConfig.Encoding;
import io.outpost.value.Lane;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The newest sample time per tag in the telemetry records of a real store, JSON and compact alike. */
class TelemetryTimesTest {

    private static final long TS = 1763769600000L;
    private static final TagId A = TagId.parse("press1/a");
    private static final TagId B = TagId.parse("press1/b");

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();

    private static Map<TagId, Long> newestOf(List<Sample> samples) {
        Map<TagId, Long> newest = new HashMap<>();
        samples.forEach(s -> newest.merge(s.tag(), s.tsMillis(), Math::max));
        return newest;
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void everyKindOfRecordGivesTheNewestSampleOfEachTag(Encoding encoding) {
        RecordEncoder encoder = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT, encoding);
        for (List<Sample> samples : List.of(RepresentativeRecords.readings(), RepresentativeRecords.typical(500),
                RepresentativeRecords.compactCases())) {
            assertEquals(newestOf(samples), TelemetryTimes.newestPerTag(encoder.telemetry(9, TS, samples)));
        }
    }

    @Test
    void theRecordsAboveASeqCountWhateverEncodingEachWasStoredIn() throws Exception {
        MapDbRecordStore store = stores.open(dir);
        List<List<Sample>> written = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Tag A's newest time sits in record 2, B's in record 5; later records carry older times.
            long aTs = i == 2 ? TS + 10_000 : TS + i;
            long bTs = i == 5 ? TS + 20_000 : TS + i;
            List<Sample> samples = List.of(new Sample(A, aTs, Value.of(i), Quality.GOOD),
                    new Sample(B, bTs - 1, Value.of(1.5), Quality.UNCERTAIN), new Sample(B, bTs, Value.NONE, Quality.BAD));
            written.add(samples);
            RecordEncoder encoder = new RecordEncoder("gw", "boot", i % 2 == 0 ? Encoding.JSON : Encoding.COMPACT);
            store.append(Lane.TELEMETRY, seq -> encoder.telemetry(seq, TS, samples)).get(10, TimeUnit.SECONDS);
        }
        store.append(Lane.EVENTS, seq -> new RecordEncoder("gw", "boot").event(seq, TS, "x", Map.of()))
                .get(10, TimeUnit.SECONDS);

        for (int after = 0; after <= 6; after++) {
            List<Sample> above = new ArrayList<>();
            written.subList(after, written.size()).forEach(above::addAll);
            assertEquals(newestOf(above), TelemetryTimes.newestAfter(store, after), "after seq " + after);
        }
    }
}
