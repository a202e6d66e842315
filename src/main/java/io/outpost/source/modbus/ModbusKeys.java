package io.outpost.source.modbus;

import static io.outpost.config.Checks.positive;
import static io.outpost.config.Checks.range;

import io.outpost.config.Field;
import io.outpost.config.Key;
import io.outpost.config.ValueTypes;
import java.time.Duration;

/** The keys modbus-tcp and modbus-rtu sources share, declared once for both. */
final class ModbusKeys {

    static final Key<Duration> POLL_INTERVAL = Key.withDefault("poll_interval", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how often every tag is read").check(positive());
    static final Key<Duration> TIMEOUT = Key.withDefault("timeout", ValueTypes.DURATION, Duration.ofSeconds(1),
            "how long one request may take before it counts as failed").check(positive());
    static final Key<Integer> MAX_GAP = Key.withDefault("max_gap", ValueTypes.WHOLE_NUMBER, 10,
            "tags of one table whose registers lie at most this many unused registers apart are read in one request; "
                    + "`0` merges only adjacent tags").check(range(0, 100));

    private ModbusKeys() {
    }

    static <C extends ModbusSourceConfig> Field<C, Duration> pollInterval() {
        return Field.of(POLL_INTERVAL, ModbusSourceConfig::pollInterval);
    }

    static <C extends ModbusSourceConfig> Field<C, Duration> timeout() {
        return Field.of(TIMEOUT, ModbusSourceConfig::timeout);
    }

    static <C extends ModbusSourceConfig> Field<C, Integer> maxGap() {
        return Field.of(MAX_GAP, ModbusSourceConfig::maxGap);
    }
}
