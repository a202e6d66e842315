package io.outpost.config;

import java.util.List;

/** {@code type: simulator}: synthetic signals, for demos and for trying a config without devices. */
public record SimulatorSourceConfig(String name, List<SimulatorTagConfig> tags) implements SourceConfig {

    public SimulatorSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public SourceType type() {
        return SourceType.SIMULATOR;
    }
}
