package io.outpost.config;

import java.time.Duration;

/** {@code uplink.backoff:} delay = random(0, min(max, initial * multiplier^attempt)). */
public record BackoffConfig(Duration initial, Duration max, double multiplier) {
}
