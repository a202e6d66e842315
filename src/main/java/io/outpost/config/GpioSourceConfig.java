package io.outpost.config;

import java.util.List;

/** {@code type: gpio}: the gateway's own pins. */
public record GpioSourceConfig(String name, Provider provider, List<GpioTagConfig> tags) implements SourceConfig {

    public GpioSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public SourceType type() {
        return SourceType.GPIO;
    }

    /** {@code provider:} auto | gpiod | mock. */
    public enum Provider { AUTO, GPIOD, MOCK }
}
