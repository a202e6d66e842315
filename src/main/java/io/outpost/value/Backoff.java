package io.outpost.value;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential backoff with full jitter: the n-th delay (n counted from 0) is uniform in
 * {@code [0, min(max, initial * multiplier^n))}. Full jitter spreads a fleet of gateways that lost
 * the same broker at the same moment over the whole interval instead of letting them return in
 * waves.
 *
 * <p>Not thread-safe: owned by the thread that reconnects.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private final Random random;
    private int attempt;

    public Backoff(Duration initial, Duration max, double multiplier, Random random) {
        this.initialNanos = positiveNanos(initial, "initial");
        this.maxNanos = positiveNanos(max, "max");
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1, got " + multiplier);
        }
        this.multiplier = multiplier;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The delay before the next attempt; each call moves one step up the curve. */
    public Duration nextDelay() {
        long ceiling = ceilingNanos();
        // Stop counting once the cap is reached, so the exponent cannot grow without bound.
        if (ceiling < maxNanos) {
            attempt++;
        }
        return Duration.ofNanos((long) (random.nextDouble() * ceiling));
    }

    /** Back to the first step: the link proved itself. */
    public void reset() {
        attempt = 0;
    }

    /** Steps taken since the last reset (stops growing at the cap). */
    public int attempt() {
        return attempt;
    }

    /** The upper bound the next delay is drawn below. */
    public Duration ceiling() {
        return Duration.ofNanos(ceilingNanos());
    }

    private long ceilingNanos() {
        double grown = initialNanos * Math.pow(multiplier, attempt);
        return grown >= maxNanos ? maxNanos : Math.max(1, (long) grown);
    }

    private static long positiveNanos(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("backoff " + name + " must be positive, got " + d);
        }
        return d.toNanos();
    }
}
