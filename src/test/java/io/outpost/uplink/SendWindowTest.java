package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.BackoffConfig;
import io.outpost.value.Lane;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendWindowTest {

    private static final long SECOND = 1_000_000_000L;

    private final SendWindow window =
            new SendWindow(new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0), new Random(11));

    @Test
    void countsFreeSlotsAndMovesTheCursor() {
        window.reset(3);
        window.published(Lane.TELEMETRY, 1);
        window.published(Lane.TELEMETRY, 2);
        assertEquals(1, window.free());
        assertEquals(2, window.cursor(Lane.TELEMETRY));
        assertTrue(window.acknowledged(Lane.TELEMETRY, 1));
        assertFalse(window.acknowledged(Lane.TELEMETRY, 1), "a second answer for the same record is not counted");
        assertFalse(window.acknowledged(Lane.ALARMS, 9), "not ours");
        assertEquals(2, window.free());
    }

    @Test
    void aRefusedRecordHoldsItsLaneThenRewindsItOnceItsInFlightRecordsAreAnswered() {
        window.reset(10);
        window.published(Lane.TELEMETRY, 5);
        window.published(Lane.TELEMETRY, 6);
        window.published(Lane.ALARMS, 1);
        Duration hold = window.refused(Lane.TELEMETRY, 5, 0);
        assertTrue(hold.compareTo(Duration.ofSeconds(1)) < 0, hold.toString());

        assertFalse(window.mayRead(Lane.TELEMETRY, hold.toNanos() - 1), "held");
        assertTrue(window.mayRead(Lane.ALARMS, 0), "other lanes go on");
        assertFalse(window.mayRead(Lane.TELEMETRY, 2 * SECOND), "hold over, but seq 6 still in flight");
        window.acknowledged(Lane.TELEMETRY, 6);
        assertTrue(window.mayRead(Lane.TELEMETRY, 2 * SECOND));
        assertEquals(0, window.cursor(Lane.TELEMETRY), "read again from the store's head");
    }

    @Test
    void theHoldGrowsWhileTheSameRecordKeepsBeingRefusedAndResetsWhenItPasses() {
        window.reset(10);
        long now = 0;
        Duration ceiling = Duration.ofSeconds(1);
        for (int i = 0; i < 4; i++) {
            window.published(Lane.EVENTS, 3);
            Duration hold = window.refused(Lane.EVENTS, 3, now);
            assertTrue(hold.compareTo(ceiling) < 0, hold + " < " + ceiling);
            now += ceiling.toNanos();
            assertTrue(window.mayRead(Lane.EVENTS, now));
            ceiling = ceiling.multipliedBy(2);
        }
        window.published(Lane.EVENTS, 3);
        window.acknowledged(Lane.EVENTS, 3);
        window.published(Lane.EVENTS, 4);
        assertTrue(window.refused(Lane.EVENTS, 4, now).compareTo(Duration.ofSeconds(1)) < 0, "back to the first step");
    }

    @Test
    void wakesForTheEarliestRunningHoldOnly() {
        window.reset(10);
        window.published(Lane.TELEMETRY, 1);
        Duration hold = window.refused(Lane.TELEMETRY, 1, 0);
        assertEquals(hold.toNanos(), window.nanosUntilNextRelease(0, 5 * SECOND));
        assertEquals(5 * SECOND, window.nanosUntilNextRelease(hold.toNanos() + 1, 5 * SECOND), "an expired hold does not spin the thread");
        assertNull(window.refused(Lane.TELEMETRY, 1, 0), "not in flight any more");
    }

    @Test
    void resetForgetsEverythingInFlight() {
        window.reset(2);
        window.published(Lane.ALARMS, 1);
        window.published(Lane.ALARMS, 2);
        window.reset(4);
        assertEquals(4, window.free());
        assertEquals(0, window.cursor(Lane.ALARMS));
    }
}
