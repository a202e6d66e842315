package io.outpost.uplink;

import io.outpost.config.BackoffConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * How long to wait before the next connect attempt: full jitter under a ceiling that grows with how
 * long the link has been in trouble, {@code random(0, min(max, initial + (multiplier - 1) × time since
 * the first failure))}, rather than with the number of attempts. The curve climbs about as fast (each
 * wait is on average half the ceiling, so the time in trouble grows by half again per attempt at a
 * multiplier of 2), but a fleet that lost one broker at one moment has one ceiling at any moment,
 * whatever each gateway drew before: when the broker returns, the gateways come back spread evenly
 * over at most the outage's length (or {@code max}). Counted per attempt, each gateway's ceiling
 * depends on its earlier draws; most return in the first seconds and the rest over up to four times
 * the outage (docs/BENCHMARKS.md, "Reconnect storm").
 *
 * <p>The trouble ends only once a connection has stayed up for {@link LinkTimings#stablePeriod()}, so a
 * broker that accepts and then drops us is not hammered.
 *
 * <p>Owned by the {@code uplink} thread; the attempt and the last delay are read by any for stats.
 */
final class ReconnectPolicy {

    private static final long NO_TROUBLE = Long.MIN_VALUE;

    private final long initialNanos;
    private final long maxNanos;
    private final double growth;
    private final Random random;
    private final LongSupplier nanoClock;
    private final long stableNanos;
    /** Owned by the uplink thread: when the first attempt since the link was last stable failed. */
    private long troubleSince = NO_TROUBLE;
    private volatile int attempt;
    private volatile Duration lastDelay = Duration.ZERO;
    private volatile long retryAtNanos;

    ReconnectPolicy(BackoffConfig curve, Random random, LongSupplier nanoClock, Duration stablePeriod) {
        this.initialNanos = curve.initial().toNanos();
        this.maxNanos = curve.max().toNanos();
        this.growth = curve.multiplier() - 1.0;
        this.random = Objects.requireNonNull(random, "random");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.stableNanos = stablePeriod.toNanos();
    }

    /** The delay before the next attempt. */
    Duration nextDelay() {
        long now = nanoClock.getAsLong();
        if (troubleSince == NO_TROUBLE) {
            troubleSince = now;
        }
        double ceiling = Math.min(maxNanos, initialNanos + growth * (now - troubleSince));
        Duration delay = Duration.ofNanos((long) (random.nextDouble() * ceiling));
        lastDelay = delay;
        if (attempt < Integer.MAX_VALUE) {
            attempt = attempt + 1;
        }
        retryAtNanos = now + delay.toNanos();
        return delay;
    }

    /** How long until the attempt the last delay leads to; zero once it is due. */
    Duration retryIn() {
        return Duration.ofNanos(Math.max(0, retryAtNanos - nanoClock.getAsLong()));
    }

    /** The current connection has been up {@code upNanos}; once that is long enough, the trouble is over. */
    void stillUp(long upNanos) {
        if (upNanos >= stableNanos && troubleSince != NO_TROUBLE) {
            troubleSince = NO_TROUBLE;
            attempt = 0;
        }
    }

    /** Attempts since the link was last stable. */
    int attempt() {
        return attempt;
    }

    Duration lastDelay() {
        return lastDelay;
    }
}
