package io.outpost.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.BackoffConfig;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final BackoffConfig ONE_SECOND_DOUBLING_TO_TWO_MINUTES =
            new BackoffConfig(Duration.ofSeconds(1), Duration.ofMinutes(2), 2.0);

    @Test
    void eachDelayIsDrawnBelowACeilingThatDoublesUntilTheCap() {
        Backoff backoff = ONE_SECOND_DOUBLING_TO_TWO_MINUTES.newBackoff(new Random(42));
        long[] expectedCeilingsSeconds = {1, 2, 4, 8, 16, 32, 64, 120, 120, 120};
        for (long ceiling : expectedCeilingsSeconds) {
            assertEquals(Duration.ofSeconds(ceiling), backoff.ceiling());
            Duration delay = backoff.nextDelay();
            assertTrue(!delay.isNegative() && delay.compareTo(Duration.ofSeconds(ceiling)) < 0, delay + " below " + ceiling + "s");
        }
        assertEquals(7, backoff.attempt(), "the count stops growing once the cap is reached");
    }

    @Test
    void fullJitterSpreadsDelaysOverTheWholeInterval() {
        Backoff backoff = new BackoffConfig(Duration.ofSeconds(10), Duration.ofSeconds(10), 2.0).newBackoff(new Random(1));
        int low = 0;
        int high = 0;
        for (int i = 0; i < 1000; i++) {
            long ms = backoff.nextDelay().toMillis();
            assertTrue(ms >= 0 && ms < 10_000, ms + "ms");
            low += ms < 1_000 ? 1 : 0;
            high += ms >= 9_000 ? 1 : 0;
        }
        // Uniform over [0, 10s): about 100 in each tenth; a seeded Random makes this exact run repeatable.
        assertTrue(low > 50 && high > 50, "low=" + low + " high=" + high);
    }

    @Test
    void resetGoesBackToTheFirstStep() {
        Backoff backoff = ONE_SECOND_DOUBLING_TO_TWO_MINUTES.newBackoff(new Random(3));
        for (int i = 0; i < 5; i++) {
            backoff.nextDelay();
        }
        assertEquals(Duration.ofSeconds(32), backoff.ceiling());
        backoff.reset();
        assertEquals(0, backoff.attempt());
        assertEquals(Duration.ofSeconds(1), backoff.ceiling());
        assertTrue(backoff.nextDelay().compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void sameSeedSameDelays() {
        Backoff a = ONE_SECOND_DOUBLING_TO_TWO_MINUTES.newBackoff(new Random(99));
        Backoff b = ONE_SECOND_DOUBLING_TO_TWO_MINUTES.newBackoff(new Random(99));
        for (int i = 0; i < 20; i++) {
            assertEquals(a.nextDelay(), b.nextDelay());
        }
    }

    @Test
    void aHugeAttemptCountNeitherOverflowsNorExceedsTheCap() {
        Backoff backoff = new BackoffConfig(Duration.ofMillis(1), Duration.ofHours(1), 10.0).newBackoff(new Random(5));
        for (int i = 0; i < 10_000; i++) {
            Duration delay = backoff.nextDelay();
            assertTrue(!delay.isNegative() && delay.compareTo(Duration.ofHours(1)) < 0, delay.toString());
        }
    }

    @Test
    void refusesConfigsThatCannotBackOff() {
        assertThrows(IllegalArgumentException.class,
                () -> new BackoffConfig(Duration.ZERO, Duration.ofSeconds(1), 2.0).newBackoff(new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5).newBackoff(new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN).newBackoff(new Random()));
    }
}
