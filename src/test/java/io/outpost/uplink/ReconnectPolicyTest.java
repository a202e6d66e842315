package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.BackoffConfig;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private static final BackoffConfig CURVE = new BackoffConfig(Duration.ofSeconds(1), Duration.ofMinutes(2), 2.0);
    private static final Duration STABLE = Duration.ofSeconds(30);

    /** A random source that always draws just below 1, so each delay shows its ceiling. */
    private static final class Top extends Random {
        @Override
        public double nextDouble() {
            return Math.nextDown(1.0);
        }
    }

    private long now;

    private ReconnectPolicy policy(Random random) {
        return new ReconnectPolicy(CURVE, random, () -> now, STABLE);
    }

    @Test
    void theCeilingGrowsWithTheTimeInTroubleNotWithTheAttempts() {
        ReconnectPolicy policy = policy(new Top());
        assertEquals(999, policy.nextDelay().toMillis(), "the first wait is below initial");
        // Many quick attempts in one second do not raise the ceiling the way a count of attempts would.
        for (int i = 0; i < 20; i++) {
            now += Duration.ofMillis(50).toNanos();
            policy.nextDelay();
        }
        assertEquals(21, policy.attempt());
        assertEquals(1_999, policy.nextDelay().toMillis(), "1 s + (2.0 - 1) × 1 s in trouble");
        now += Duration.ofSeconds(29).toNanos();
        assertEquals(30_999, policy.nextDelay().toMillis(), "1 s + 30 s in trouble");
        now += Duration.ofMinutes(10).toNanos();
        assertEquals(119_999, policy.nextDelay().toMillis(), "capped at max");
    }

    @Test
    void delaysAreDrawnBelowTheCeiling() {
        ReconnectPolicy policy = policy(new Random(7));
        now += Duration.ofSeconds(9).toNanos();
        policy.nextDelay();
        for (int i = 0; i < 1_000; i++) {
            Duration delay = policy.nextDelay();
            assertTrue(!delay.isNegative() && delay.compareTo(Duration.ofSeconds(10)) < 0, "within [0, 1 s + 9 s): " + delay);
            assertEquals(delay, policy.lastDelay());
        }
    }

    @Test
    void aConnectionThatStaysUpEndsTheTroubleAndOneThatDropsQuicklyDoesNot() {
        ReconnectPolicy policy = policy(new Top());
        policy.nextDelay();
        now += Duration.ofSeconds(20).toNanos();
        policy.stillUp(STABLE.minusSeconds(1).toNanos());
        assertEquals(20_999, policy.nextDelay().toMillis(), "a drop before the stable period keeps the clock running");
        policy.stillUp(STABLE.toNanos());
        assertEquals(0, policy.attempt());
        now += Duration.ofMinutes(5).toNanos();
        assertEquals(999, policy.nextDelay().toMillis(), "a new trouble starts from initial");
    }

    @Test
    void aMultiplierOfOneKeepsEveryWaitBelowInitial() {
        ReconnectPolicy flat = new ReconnectPolicy(new BackoffConfig(Duration.ofSeconds(1), Duration.ofMinutes(2), 1.0), new Top(),
                () -> now, STABLE);
        flat.nextDelay();
        now += Duration.ofHours(1).toNanos();
        assertEquals(999, flat.nextDelay().toMillis());
    }
}
