package io.outpost.source.gpio;

import io.outpost.source.SourceType;

/** The {@code gpio} source type. */
public final class GpioSourceType {

    public static final SourceType<GpioSourceConfig> TYPE = new SourceType<>(GpioSchema.SCHEMA,
            (config, context) -> new GpioSource(config, context.clock()));

    private GpioSourceType() {
    }
}
