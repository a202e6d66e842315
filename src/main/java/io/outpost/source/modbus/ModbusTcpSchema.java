package io.outpost.source.modbus;

import static io.outpost.config.Checks.range;
import static io.outpost.source.modbus.ModbusKeys.MAX_GAP;
import static io.outpost.source.modbus.ModbusKeys.POLL_INTERVAL;
import static io.outpost.source.modbus.ModbusKeys.TIMEOUT;

import io.outpost.config.Durations;
import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceSchema;
import io.outpost.config.ValueTypes;
import java.util.regex.Pattern;

/** The keys of a {@code type: modbus-tcp} source. */
final class ModbusTcpSchema {

    static final String TYPE_NAME = "modbus-tcp";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST_AND_PORT = Pattern.compile("[^:]+:\\d+");

    static final Key<String> HOST = Key.required("host", ValueTypes.scalar("host name or IP address",
            ModbusTcpSchema::host, h -> h), "the device's host name or IP address (without port)");
    static final Key<Integer> PORT = Key.withDefault("port", ValueTypes.WHOLE_NUMBER, 502, "TCP port")
            .check(range(1, 65535));
    static final Key<Integer> UNIT_ID = Key.withDefault("unit_id", ValueTypes.WHOLE_NUMBER, 1,
            "Modbus unit (slave) id; devices reached directly over TCP often answer to any, or to 255")
            .check(range(0, 255));

    static final SourceSchema<ModbusTcpSourceConfig, ModbusTagConfig> SCHEMA = new SourceSchema<>(TYPE_NAME,
            ModbusTcpSourceConfig.class,
            SourceSchema.<ModbusTcpSourceConfig>declare("A Modbus device over TCP.")
                    .fields(Field.of(HOST, ModbusTcpSourceConfig::host), Field.of(PORT, ModbusTcpSourceConfig::port),
                            Field.of(UNIT_ID, ModbusTcpSourceConfig::unitId),
                            ModbusKeys.pollInterval(), ModbusKeys.timeout(), ModbusKeys.maxGap())
                    .build(),
            ModbusTagSchema.TAG,
            (v, tags) -> new ModbusTcpSourceConfig(v.get(SourceCatalog.NAME), v.get(HOST), v.get(PORT), v.get(UNIT_ID),
                    v.get(POLL_INTERVAL), v.get(TIMEOUT), v.get(MAX_GAP), tags));

    private ModbusTcpSchema() {
    }

    static String host(String text) {
        if (text.contains("://")) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a host: write only the name or address, e.g. 192.0.2.10");
        }
        if (HOST_AND_PORT.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a host: put the port in `port`");
        }
        if (!HOST_NAME.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a host name or IP address");
        }
        return text;
    }
}
