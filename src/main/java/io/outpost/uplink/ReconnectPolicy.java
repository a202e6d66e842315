package io.outpost.uplink;

import io.outpost.value.Backoff;
import java.time.Duration;

/**
 * How long to wait before the next connect attempt: full-jitter backoff that keeps climbing while
 * connections fail or drop quickly, and starts again from its first step once a connection has stayed
 * up for {@link LinkTimings#stablePeriod()}, so a broker that accepts and then drops us is not hammered.
 *
 * <p>Owned by the {@code uplink} thread; the attempt and the last delay are read by any for stats.
 */
final class ReconnectPolicy {

    private final Backoff backoff;
    private final long stableNanos;
    private volatile int attempt;
    private volatile Duration lastDelay = Duration.ZERO;
    private volatile long retryAtNanos;

    ReconnectPolicy(Backoff backoff, Duration stablePeriod) {
        this.backoff = backoff;
        this.stableNanos = stablePeriod.toNanos();
    }

    /** The delay before the next attempt; one step up the curve. */
    Duration nextDelay() {
        Duration delay = backoff.nextDelay();
        lastDelay = delay;
        attempt = backoff.attempt();
        retryAtNanos = System.nanoTime() + delay.toNanos();
        return delay;
    }

    /** How long until the attempt the last delay leads to; zero once it is due. */
    Duration retryIn() {
        return Duration.ofNanos(Math.max(0, retryAtNanos - System.nanoTime()));
    }

    /** The current connection has been up {@code upNanos}; once that is long enough, the curve starts again. */
    void stillUp(long upNanos) {
        if (upNanos >= stableNanos && backoff.attempt() > 0) {
            backoff.reset();
            attempt = 0;
        }
    }

    int attempt() {
        return attempt;
    }

    Duration lastDelay() {
        return lastDelay;
    }
}
