package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Lane;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaneAgesTest {

    @Test
    void theOldestRecordIsAsOldAsTheFirstMarkThatHadItAndAnEmptyLaneIsZero() {
        LaneAges ages = new LaneAges(Map.of(), 0);
        ages.appended(Lane.TELEMETRY, 10, 1_000);
        ages.appended(Lane.TELEMETRY, 20, 1_500); // within the second: no mark
        ages.appended(Lane.TELEMETRY, 30, 3_000);
        assertEquals(9_000, ages.oldestAgeMillis(Lane.TELEMETRY, 5, 10_000));
        assertEquals(7_000, ages.oldestAgeMillis(Lane.TELEMETRY, 25, 10_000), "seq 25 was there by the mark at 3 s");
        assertEquals(0, ages.oldestAgeMillis(Lane.TELEMETRY, 0, 10_000));
        assertEquals(0, ages.oldestAgeMillis(Lane.ALARMS, 0, 10_000));
    }

    @Test
    void recordsQueuedBeforeTheStartCountFromTheStart() {
        LaneAges ages = new LaneAges(Map.of(Lane.EVENTS, 40L), 2_000);
        ages.appended(Lane.EVENTS, 45, 5_000);
        assertEquals(8_000, ages.oldestAgeMillis(Lane.EVENTS, 1, 10_000));
        assertEquals(5_000, ages.oldestAgeMillis(Lane.EVENTS, 41, 10_000));
    }

    @Test
    void aRecordAppendedSinceTheLastMarkIsNoOlderThanThatMark() {
        LaneAges ages = new LaneAges(Map.of(), 0);
        ages.appended(Lane.TELEMETRY, 10, 1_000);
        ages.appended(Lane.TELEMETRY, 11, 1_200); // no mark
        assertEquals(1_000, ages.oldestAgeMillis(Lane.TELEMETRY, 11, 2_000));
    }

    @Test
    void aLongBacklogKeepsItsMarksBoundedAndItsOldestAgeRight() {
        LaneAges ages = new LaneAges(Map.of(), 0);
        for (int i = 1; i <= 10 * LaneAges.MAX_MARKS; i++) {
            ages.appended(Lane.TELEMETRY, i, i * 1_000L);
        }
        long now = 20_000_000;
        long oldest = ages.oldestAgeMillis(Lane.TELEMETRY, 1, now);
        assertTrue(oldest <= now - 1_000 && oldest >= now - 1_000 - 40_000, "age " + oldest);
        long middle = ages.oldestAgeMillis(Lane.TELEMETRY, 5_000, now);
        assertTrue(middle <= now - 5_000_000L && middle >= now - 5_000_000L - 40_000, "age " + middle);
    }
}
