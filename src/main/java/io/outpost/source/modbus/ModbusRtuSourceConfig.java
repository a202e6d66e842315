package io.outpost.source.modbus;

import java.time.Duration;
import java.util.List;

/** {@code type: modbus-rtu}: a device on a serial line; {@code maxGap} is {@code max_gap}, in registers. */
public record ModbusRtuSourceConfig(
        String name, SerialSettings serial, int unitId, Duration pollInterval, Duration timeout, int maxGap,
        List<ModbusTagConfig> tags) implements ModbusSourceConfig {

    public ModbusRtuSourceConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public String type() {
        return ModbusRtuSchema.TYPE_NAME;
    }

    /** The serial port and its framing; every source on one port must agree on them. */
    public record SerialSettings(String device, int baud, Parity parity, int dataBits, int stopBits) {
    }

    /** {@code parity:} none | even | odd. */
    public enum Parity { NONE, EVEN, ODD }
}
