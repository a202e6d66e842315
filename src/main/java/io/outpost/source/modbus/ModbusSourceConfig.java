package io.outpost.source.modbus;

import io.outpost.config.SourceConfig;
import java.time.Duration;
import java.util.List;

/** What a Modbus device has over TCP and on a serial line alike. */
public sealed interface ModbusSourceConfig extends SourceConfig permits ModbusTcpSourceConfig, ModbusRtuSourceConfig {

    int unitId();

    Duration pollInterval();

    Duration timeout();

    /** {@code max_gap}, in registers. */
    int maxGap();

    @Override
    List<ModbusTagConfig> tags();
}
