package io.outpost.config;

import java.nio.file.Path;

/** {@code gateway:} the gateway's fleet-unique id and where it keeps its queue and state. */
public record GatewayConfig(String id, Path dataDir) {
}
