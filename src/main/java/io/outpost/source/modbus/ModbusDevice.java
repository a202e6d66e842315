package io.outpost.source.modbus;

import java.time.Duration;
import java.util.List;

/** What polling needs of a Modbus source, whichever the transport. */
public record ModbusDevice(String name, int unitId, Duration pollInterval, Duration timeout, int maxGap,
                           List<ModbusTagConfig> tags) {

    public ModbusDevice {
        tags = List.copyOf(tags);
    }

    public static ModbusDevice of(ModbusSourceConfig c) {
        return new ModbusDevice(c.name(), c.unitId(), c.pollInterval(), c.timeout(), c.maxGap(), c.tags());
    }
}
