package io.outpost.source.modbus;

import java.time.Duration;
import java.util.List;

/** {@code type: modbus-tcp}; {@code maxGap} is {@code max_gap}, in registers. */
public record ModbusTcpSourceConfig(
        String name, String host, int port, int unitId, Duration pollInterval, Duration timeout,
        int maxGap, List<ModbusTagConfig> tags) implements ModbusSourceConfig {

    public ModbusTcpSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public String type() {
        return ModbusTcpSchema.TYPE_NAME;
    }
}
