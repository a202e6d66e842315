package io.outpost.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code uplink:} the cloud broker. {@code clientId} and {@code topicPrefix} already carry their
 * defaults ({@code gateway.id}, {@code outpost/<gateway.id>}).
 */
public record UplinkConfig(
        URI url,
        String clientId,
        Optional<String> username,
        Optional<Path> passwordFile,
        Optional<TlsConfig> tls,
        String topicPrefix,
        BatchConfig batch,
        int inflight,
        BackoffConfig backoff,
        Encoding encoding,
        Duration sessionExpiry,
        Duration desiredDeadline) {

    /** {@code session_expiry:} how long the broker keeps the command subscription and its queued commands. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);

    /** {@code desired_deadline:} how long a config pushed on {@code P/twin/desired} has to get the gateway healthy. */
    public static final Duration DEFAULT_DESIRED_DEADLINE = Duration.ofSeconds(60);

    /** The default deadline for a desired config. */
    public UplinkConfig(URI url, String clientId, Optional<String> username, Optional<Path> passwordFile,
            Optional<TlsConfig> tls, String topicPrefix, BatchConfig batch, int inflight, BackoffConfig backoff,
            Encoding encoding, Duration sessionExpiry) {
        this(url, clientId, username, passwordFile, tls, topicPrefix, batch, inflight, backoff, encoding, sessionExpiry,
                DEFAULT_DESIRED_DEADLINE);
    }

    /** The JSON encoding, which is the default. */
    public UplinkConfig(URI url, String clientId, Optional<String> username, Optional<Path> passwordFile,
            Optional<TlsConfig> tls, String topicPrefix, BatchConfig batch, int inflight, BackoffConfig backoff) {
        this(url, clientId, username, passwordFile, tls, topicPrefix, batch, inflight, backoff, Encoding.JSON);
    }

    /** The default session expiry. */
    public UplinkConfig(URI url, String clientId, Optional<String> username, Optional<Path> passwordFile,
            Optional<TlsConfig> tls, String topicPrefix, BatchConfig batch, int inflight, BackoffConfig backoff,
            Encoding encoding) {
        this(url, clientId, username, passwordFile, tls, topicPrefix, batch, inflight, backoff, encoding,
                DEFAULT_SESSION_EXPIRY);
    }

    /** This uplink with another {@code desired_deadline}: the key that says nothing about the link itself. */
    public UplinkConfig withDesiredDeadline(Duration deadline) {
        return new UplinkConfig(url, clientId, username, passwordFile, tls, topicPrefix, batch, inflight, backoff, encoding,
                sessionExpiry, deadline);
    }

    /** {@code encoding:} how telemetry records are written (SPEC §4); events and alarms are JSON either way. */
    public enum Encoding {
        JSON, COMPACT
    }
}
