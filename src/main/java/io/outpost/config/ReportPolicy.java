package io.outpost.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A tag's report-by-exception settings: {@code deadband} and {@code max_age}. Without a deadband
 * every change is sent; without a max_age an unchanged value is never repeated.
 */
public record ReportPolicy(Optional<Deadband> deadband, Optional<Duration> maxAge) {

    public static final ReportPolicy EVERY_CHANGE = new ReportPolicy(Optional.empty(), Optional.empty());
}
