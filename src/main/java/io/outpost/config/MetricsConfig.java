package io.outpost.config;

/** {@code metrics:} where the Prometheus endpoint listens (only when configured). */
public record MetricsConfig(String host, int port) {
}
