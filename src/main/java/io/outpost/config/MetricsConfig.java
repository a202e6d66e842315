package io.outpost.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code metrics:} where the Prometheus endpoint listens (only when {@code listen} is set) and how often
 * the health summary goes out on {@code P/events} ({@link Duration#ZERO}: never).
 */
public record MetricsConfig(Optional<ListenAddress> listen, Duration publishInterval) {

    /** How often health goes out when the section or the key is absent. */
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(60);

    /** No endpoint, health at the default interval: what an absent section means. */
    public static final MetricsConfig ABSENT = new MetricsConfig(Optional.empty(), DEFAULT_PUBLISH_INTERVAL);

    /** A host (name or address, IPv6 without brackets) and a TCP port. */
    public record ListenAddress(String host, int port) {
    }
}
