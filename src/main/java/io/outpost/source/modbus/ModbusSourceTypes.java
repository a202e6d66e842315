package io.outpost.source.modbus;

import io.outpost.source.SourceContext;
import io.outpost.source.SourceType;

/** The two Modbus source types; their sources share one {@link ModbusSources} per gateway. */
public final class ModbusSourceTypes {

    public static final SourceType<ModbusTcpSourceConfig> TCP = new SourceType<>(ModbusTcpSchema.SCHEMA,
            (config, context) -> sources(context).tcp(config));

    public static final SourceType<ModbusRtuSourceConfig> RTU = new SourceType<>(ModbusRtuSchema.SCHEMA,
            (config, context) -> sources(context).rtu(config));

    private ModbusSourceTypes() {
    }

    private static ModbusSources sources(SourceContext context) {
        return context.shared(ModbusSources.class, () -> new ModbusSources(context.scheduler(), context.clock()));
    }
}
