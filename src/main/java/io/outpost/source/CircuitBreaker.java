package io.outpost.source;

import io.outpost.value.Backoff;
import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Per-device circuit breaker: after {@code threshold} failed polls in a row the device is left alone
 * and only probed, at exponentially growing intervals with full jitter (capped at {@code maxProbe}),
 * so a dead device costs one attempt now and then instead of a timeout every poll. The first success
 * closes it again.
 *
 * <p>Thread-safe: the scheduler asks, the I/O thread reports.
 */
public final class CircuitBreaker {

    private final int threshold;
    private final Backoff backoff;
    private final LongSupplier nanoClock;
    private int consecutiveFailures;
    private long nextProbeNanos;
    private boolean open;

    public CircuitBreaker(int threshold, Duration firstProbe, Duration maxProbe, LongSupplier nanoClock, Random random) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
        }
        this.threshold = threshold;
        Duration max = maxProbe.compareTo(firstProbe) < 0 ? firstProbe : maxProbe;
        this.backoff = new Backoff(firstProbe, max, 2.0, random);
        this.nanoClock = nanoClock;
    }

    /** Whether a poll may talk to the device now: always while closed, once per probe interval while open. */
    public synchronized boolean allowsAttempt() {
        return !open || nanoClock.getAsLong() - nextProbeNanos >= 0;
    }

    /** Records a good poll; returns whether this closed an open breaker. */
    public synchronized boolean success() {
        boolean wasOpen = open;
        open = false;
        consecutiveFailures = 0;
        backoff.reset();
        return wasOpen;
    }

    /** Records a failed poll; returns whether this opened the breaker. */
    public synchronized boolean failure() {
        consecutiveFailures++;
        boolean opening = !open && consecutiveFailures >= threshold;
        if (opening || open) {
            open = true;
            nextProbeNanos = nanoClock.getAsLong() + backoff.nextDelay().toNanos();
        }
        return opening;
    }

    public synchronized boolean isOpen() {
        return open;
    }
}
