package io.outpost.config;

import java.nio.file.Path;

/**
 * {@code gateway:} the gateway's fleet-unique id, where it keeps its queue and state, and the local
 * socket the CLI asks the running daemon through.
 */
public record GatewayConfig(String id, Path dataDir, Path adminSocket) {
}
