package io.outpost.source.simulator;

import io.outpost.source.SourceType;

/** The {@code simulator} source type. */
public final class SimulatorSourceType {

    public static final SourceType<SimulatorSourceConfig> TYPE = new SourceType<>(SimulatorSchema.SCHEMA,
            (config, context) -> new SimulatorSource(config, context.scheduler(), context.clock()));

    private SimulatorSourceType() {
    }
}
