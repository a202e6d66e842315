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
        BackoffConfig backoff) {
}
