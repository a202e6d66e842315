package io.outpost.config;

import java.nio.file.Path;

/**
 * {@code gateway:} the gateway's fleet-unique id, where it keeps its queue and state, the local
 * socket the CLI asks the running daemon through, and how much the daemon logs.
 */
public record GatewayConfig(String id, Path dataDir, Path adminSocket, LogLevel logLevel) {

    /** The daemon's log level; {@code --debug} overrides it with {@link #DEBUG}. */
    public enum LogLevel { ERROR, WARN, INFO, DEBUG }

    public GatewayConfig(String id, Path dataDir, Path adminSocket) {
        this(id, dataDir, adminSocket, LogLevel.INFO);
    }
}
