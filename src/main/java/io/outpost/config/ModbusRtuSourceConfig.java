package io.outpost.config;

import java.time.Duration;
import java.util.List;

/** {@code type: modbus-rtu}: a device on a serial line; {@code maxGap} is {@code max_gap}, in registers. */
public record ModbusRtuSourceConfig(
        String name, String device, int baud, Parity parity, int dataBits, int stopBits, int unitId,
        Duration pollInterval, Duration timeout, int maxGap, List<ModbusTagConfig> tags) implements SourceConfig {

    public ModbusRtuSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public SourceType type() {
        return SourceType.MODBUS_RTU;
    }

    /** {@code parity:} none | even | odd. */
    public enum Parity { NONE, EVEN, ODD }
}
