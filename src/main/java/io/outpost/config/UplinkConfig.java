package io.outpost.config;

import java.net.URI;
import java.nio.file.Path;
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
        Encoding encoding) {

    /** The JSON encoding, which is the default. */
    public UplinkConfig(URI url, String clientId, Optional<String> username, Optional<Path> passwordFile,
            Optional<TlsConfig> tls, String topicPrefix, BatchConfig batch, int inflight, BackoffConfig backoff) {
        this(url, clientId, username, passwordFile, tls, topicPrefix, batch, inflight, backoff, Encoding.JSON);
    }

    /** {@code encoding:} how telemetry records are written (SPEC §4); events and alarms are JSON either way. */
    public enum Encoding {
        JSON, COMPACT
    }
}
