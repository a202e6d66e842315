package io.outpost.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code type: opcua}. */
public record OpcUaSourceConfig(
        String name, String endpoint, String securityPolicy, String securityMode, Optional<String> username,
        Optional<Path> passwordFile, Mode mode, Duration interval, List<OpcUaTagConfig> tags) implements SourceConfig {

    public OpcUaSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public SourceType type() {
        return SourceType.OPCUA;
    }

    /** {@code mode:} subscribe | poll. */
    public enum Mode { SUBSCRIBE, POLL }
}
