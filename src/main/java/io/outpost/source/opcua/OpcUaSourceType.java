package io.outpost.source.opcua;

import io.outpost.source.SourceType;

/** The {@code opcua} source type. */
public final class OpcUaSourceType {

    public static final SourceType<OpcUaSourceConfig> TYPE = new SourceType<>(OpcUaSchema.SCHEMA,
            (config, context) -> new OpcUaSource(config, context.clock(), context.pkiDir(),
                    context.scheduler().polls()));

    private OpcUaSourceType() {
    }
}
