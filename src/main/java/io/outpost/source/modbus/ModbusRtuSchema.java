package io.outpost.source.modbus;

import static io.outpost.config.Checks.range;
import static io.outpost.source.modbus.ModbusKeys.MAX_GAP;
import static io.outpost.source.modbus.ModbusKeys.POLL_INTERVAL;
import static io.outpost.source.modbus.ModbusKeys.TIMEOUT;

import io.outpost.config.Checks;
import io.outpost.config.EntryRule;
import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.ReadContext;
import io.outpost.config.SectionValues;
import io.outpost.config.SourceCatalog;
import io.outpost.config.SourceSchema;
import io.outpost.config.ValueTypes;
import io.outpost.source.modbus.ModbusRtuSourceConfig.Parity;
import io.outpost.source.modbus.ModbusRtuSourceConfig.SerialSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The keys of a {@code type: modbus-rtu} source, and the rule for sources sharing one serial line. */
final class ModbusRtuSchema {

    static final String TYPE_NAME = "modbus-rtu";

    static final Key<String> DEVICE = Key.required("device", ValueTypes.TEXT, "the serial port, e.g. `/dev/ttyUSB0`");
    static final Key<Integer> BAUD = Key.withDefault("baud", ValueTypes.WHOLE_NUMBER, 19200, "line speed, bits per second")
            .check(Checks.oneOf(1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400));
    static final Key<Parity> PARITY = Key.withDefault("parity", ValueTypes.oneOf(Parity.class), Parity.EVEN,
            "parity bit (Modbus' default is even)");
    static final Key<Integer> DATA_BITS = Key.withDefault("data_bits", ValueTypes.WHOLE_NUMBER, 8, "data bits per character")
            .check(Checks.oneOf(7, 8));
    static final Key<Integer> STOP_BITS = Key.withDefault("stop_bits", ValueTypes.WHOLE_NUMBER, 1, "stop bits per character")
            .check(Checks.oneOf(1, 2));
    static final Key<Integer> UNIT_ID = Key.required("unit_id", ValueTypes.WHOLE_NUMBER,
            "the device's address on the bus (0 is broadcast, which never answers)").check(range(1, 247));

    /** What every source on one serial line must agree on. */
    private static final List<Key<?>> LINE_SETTINGS = List.of(BAUD, PARITY, DATA_BITS, STOP_BITS);

    static final SourceSchema<ModbusRtuSourceConfig, ModbusTagConfig> SCHEMA = new SourceSchema<>(TYPE_NAME,
            ModbusRtuSourceConfig.class,
            SourceSchema.<ModbusRtuSourceConfig>declare("A Modbus device on a serial line (RS-485/RS-232).")
                    .fields(Field.of(DEVICE, c -> c.serial().device()), Field.of(BAUD, c -> c.serial().baud()),
                            Field.of(PARITY, c -> c.serial().parity()), Field.of(DATA_BITS, c -> c.serial().dataBits()),
                            Field.of(STOP_BITS, c -> c.serial().stopBits()),
                            Field.of(UNIT_ID, ModbusRtuSourceConfig::unitId),
                            ModbusKeys.pollInterval(), ModbusKeys.timeout(), ModbusKeys.maxGap())
                    .acrossEntries(new EntryRule("Sources on the same `device` (several devices on one bus) must agree on "
                            + "`baud`, `parity`, `data_bits` and `stop_bits`.", ModbusRtuSchema::sharedLines))
                    .build(),
            ModbusTagSchema.TAG,
            (v, tags) -> new ModbusRtuSourceConfig(v.get(SourceCatalog.NAME), new SerialSettings(v.get(DEVICE),
                    v.get(BAUD), v.get(PARITY), v.get(DATA_BITS), v.get(STOP_BITS)), v.get(UNIT_ID), v.get(POLL_INTERVAL),
                    v.get(TIMEOUT), v.get(MAX_GAP), tags));

    private ModbusRtuSchema() {
    }

    /** Sees the modbus-rtu sources of one file in turn; reports one whose line settings differ from the first on its device. */
    private static Consumer<SectionValues> sharedLines(ReadContext ctx) {
        Map<String, SectionValues> firstOnDevice = new HashMap<>();
        return source -> {
            String device = source.get(DEVICE);
            if (device == null) {
                return;
            }
            SectionValues first = firstOnDevice.putIfAbsent(device, source);
            if (first != null && !LINE_SETTINGS.stream().allMatch(k -> Objects.equals(first.get(k), source.get(k)))) {
                ctx.problem(source.node(DEVICE), source.path(DEVICE), "`" + device + "` is also used by source `"
                        + first.get(SourceCatalog.NAME) + "` with other settings: baud, parity, data_bits and stop_bits must match");
            }
        };
    }
}
