package io.outpost.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code uplink.tls:} PEM files. Without {@code ca_file} the JVM's trust store is used; cert and key go together (mTLS). */
public record TlsConfig(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
}
