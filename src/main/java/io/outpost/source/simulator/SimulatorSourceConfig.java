package io.outpost.source.simulator;

import io.outpost.config.SourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code type: simulator}: synthetic signals, for demos and for trying a config without devices. */
public record SimulatorSourceConfig(String name, List<SimulatorTagConfig> tags) implements SourceConfig {

    public SimulatorSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public String type() {
        return SimulatorSchema.TYPE_NAME;
    }

    @Override
    public Optional<Duration> readingInterval(String tagName) {
        return tags.stream().filter(t -> t.name().equals(tagName)).findFirst().map(SimulatorTagConfig::interval);
    }
}
