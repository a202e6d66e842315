package io.outpost.source.modbus;

import io.outpost.config.SourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a Modbus device has over TCP and on a serial line alike. */
public sealed interface ModbusSourceConfig extends SourceConfig permits ModbusTcpSourceConfig, ModbusRtuSourceConfig {

    int unitId();

    Duration pollInterval();

    Duration timeout();

    /** {@code max_gap}, in registers. */
    int maxGap();

    @Override
    List<ModbusTagConfig> tags();

    @Override
    default Optional<Duration> readingInterval(String tagName) {
        return Optional.of(pollInterval());
    }
}
