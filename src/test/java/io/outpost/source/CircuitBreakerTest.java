package io.outpost.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(30),
            now::get, new Random(7));

    @Test
    void staysClosedBelowTheThresholdAndOpensAtIt() {
        assertFalse(breaker.failure());
        assertFalse(breaker.failure());
        assertTrue(breaker.allowsAttempt());
        assertTrue(breaker.failure(), "the third failure in a row opens it");
        assertTrue(breaker.isOpen());
    }

    @Test
    void anOpenBreakerAllowsOnlyProbesAndNeverWaitsLongerThanTheCap() {
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        for (int probe = 0; probe < 20; probe++) {
            now.addAndGet(Duration.ofSeconds(30).toNanos());
            assertTrue(breaker.allowsAttempt(), "a probe is due within the 30 s cap");
            breaker.failure();
        }
        assertTrue(breaker.isOpen());
    }

    @Test
    void aSuccessClosesItAndStartsTheCountAgain() {
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        assertTrue(breaker.success(), "reports that it closed");
        assertFalse(breaker.isOpen());
        assertTrue(breaker.allowsAttempt());
        assertFalse(breaker.failure());
        assertFalse(breaker.success(), "was not open");
    }

    @Test
    void whileOpenTicksBetweenProbesAreRefused() {
        CircuitBreaker slow = new CircuitBreaker(1, Duration.ofSeconds(10), Duration.ofSeconds(10), now::get,
                new Random(1) {
                    @Override
                    public double nextDouble() {
                        return 0.5;   // the probe comes after half the ceiling: 5 s
                    }
                });
        slow.failure();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertFalse(slow.allowsAttempt());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(slow.allowsAttempt());
    }
}
