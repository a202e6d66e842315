package io.outpost.config;

import java.util.List;

/** One entry of {@code sources:}; one variant per source type. */
public sealed interface SourceConfig
        permits ModbusTcpSourceConfig, ModbusRtuSourceConfig, OpcUaSourceConfig, GpioSourceConfig, SimulatorSourceConfig {

    String name();

    SourceType type();

    List<? extends TagConfig> tags();
}
