package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.outpost.config.ReportPolicy;
import io.outpost.source.modbus.ModbusTagConfig;
import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import io.outpost.source.modbus.RegisterCodec;
import io.outpost.value.Value;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Scenario 10, the Modbus register decoder: whatever a device sends (any register words, too few of
 * them, any data type, byte and word order, scale and offset), {@link RegisterCodec#decode} gives a
 * value or an {@link IllegalArgumentException} that says what is wrong; an unscaled integer reads back
 * through {@link RegisterCodec#encode} to the same registers (but a uint64 above the int64 range, a
 * double by design).
 */
class RegisterCodecPropertiesTest {

    @Property(tries = 1000)
    void anyRegistersDecodeToAValueOrAClearError(@ForAll DataType type, @ForAll Order order,
            @ForAll @Size(max = 6) int[] registers, @ForAll @IntRange(min = 0, max = 6) int from,
            @ForAll double scale, @ForAll double offset) {
        if (type == DataType.BOOL) {
            return; // coils: not decoded from registers
        }
        // A scale the config would refuse (NaN, zero) is refused by the config record itself: the same clear error.
        BadInput.parsesOrIsRefused(IllegalArgumentException.class, "", registers, () -> assertNotNull(RegisterCodec.decode(
                new ModbusTagConfig("t", Table.HOLDING, 0, type, order, scale, offset, ReportPolicy.EVERY_CHANGE), registers, from)));
    }

    @Property(tries = 500)
    void unscaledIntegersRoundTrip(@ForAll DataType type, @ForAll Order order, @ForAll @Size(min = 4, max = 4) int[] words) {
        if (type == DataType.BOOL || type == DataType.FLOAT32 || type == DataType.FLOAT64) {
            return;
        }
        int[] registers = new int[type.registers()];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = words[i] & 0xFFFF;
        }
        ModbusTagConfig tag = new ModbusTagConfig("t", Table.HOLDING, 0, type, order, 1.0, 0.0, ReportPolicy.EVERY_CHANGE);
        Value value = RegisterCodec.decode(tag, registers, 0);
        if (value instanceof Value.Num) {
            return; // a uint64 above the int64 range is a double, as documented: not exact
        }
        assertEquals(Arrays.toString(registers), Arrays.toString(RegisterCodec.encode(tag, value)));
    }
}
