package io.outpost.source.gpio;

import io.outpost.config.SourceConfig;
import java.util.List;

/** {@code type: gpio}: the gateway's own pins. */
public record GpioSourceConfig(String name, Provider provider, List<GpioTagConfig> tags) implements SourceConfig {

    public GpioSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public String type() {
        return GpioSchema.TYPE_NAME;
    }

    /** {@code provider:} auto | gpiod | mock. */
    public enum Provider { AUTO, GPIOD, MOCK }
}
