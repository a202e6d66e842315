package io.outpost.config;

import io.outpost.value.Backoff;
import java.time.Duration;
import java.util.Random;

/**
 * {@code uplink.backoff:} reconnects wait random(0, min(max, initial + (multiplier - 1) × time in trouble))
 * (uplink.ReconnectPolicy); a refused record's retries random(0, min(max, initial × multiplier^retry)), {@link #newBackoff}.
 */
public record BackoffConfig(Duration initial, Duration max, double multiplier) {

    /** A fresh backoff on this curve, at its first step. */
    public Backoff newBackoff(Random random) {
        return new Backoff(initial, max, multiplier, random);
    }
}
