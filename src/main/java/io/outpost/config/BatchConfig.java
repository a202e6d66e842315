package io.outpost.config;

import java.time.Duration;

/** {@code uplink.batch:} a record closes at {@code maxSamples} samples or {@code maxDelay} after its first sample. */
public record BatchConfig(int maxSamples, Duration maxDelay) {
}
