package io.outpost.source.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import io.outpost.config.ReportPolicy;
import io.outpost.value.Value;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterCodecTest {

    /** Where each byte of the big-endian value (A first) travels on the wire, per order. */
    private static final Map<Order, String> LAYOUT_32 = Map.of(
            Order.ABCD, "ABCD", Order.CDAB, "CDAB", Order.BADC, "BADC", Order.DCBA, "DCBA");
    private static final Map<Order, String> LAYOUT_64 = Map.of(
            Order.ABCD, "ABCDEFGH", Order.CDAB, "GHEFCDAB", Order.BADC, "BADCFEHG", Order.DCBA, "HGFEDCBA");
    private static final Map<Order, String> LAYOUT_16 = Map.of(Order.AB, "AB", Order.BA, "BA");

    /** Big-endian byte patterns and the values they hold. */
    static List<Object[]> patterns() {
        return List.of(
                new Object[] {DataType.INT16, "8000", Value.of(-32768L)},
                new Object[] {DataType.INT16, "7fff", Value.of(32767L)},
                new Object[] {DataType.INT16, "ffff", Value.of(-1L)},
                new Object[] {DataType.INT16, "0102", Value.of(258L)},
                new Object[] {DataType.UINT16, "ffff", Value.of(65535L)},
                new Object[] {DataType.UINT16, "0102", Value.of(258L)},
                new Object[] {DataType.INT32, "80000000", Value.of((long) Integer.MIN_VALUE)},
                new Object[] {DataType.INT32, "7fffffff", Value.of((long) Integer.MAX_VALUE)},
                new Object[] {DataType.INT32, "fffffffe", Value.of(-2L)},
                new Object[] {DataType.INT32, "01020304", Value.of(16909060L)},
                new Object[] {DataType.UINT32, "ffffffff", Value.of(4294967295L)},
                new Object[] {DataType.UINT32, "01020304", Value.of(16909060L)},
                new Object[] {DataType.INT64, "8000000000000000", Value.of(Long.MIN_VALUE)},
                new Object[] {DataType.INT64, "7fffffffffffffff", Value.of(Long.MAX_VALUE)},
                new Object[] {DataType.INT64, "0102030405060708", Value.of(72623859790382856L)},
                new Object[] {DataType.INT64, "fffffffffffffffd", Value.of(-3L)},
                new Object[] {DataType.UINT64, "0102030405060708", Value.of(72623859790382856L)},
                new Object[] {DataType.UINT64, "7fffffffffffffff", Value.of(Long.MAX_VALUE)},
                new Object[] {DataType.UINT64, "ffffffffffffffff", Value.of(18446744073709551615.0)},
                new Object[] {DataType.FLOAT32, "42f6e979", Value.of(123.456)},
                new Object[] {DataType.FLOAT32, "3dcccccd", Value.of(0.1)},
                new Object[] {DataType.FLOAT32, "7fc00000", Value.of(Double.NaN)},
                new Object[] {DataType.FLOAT32, "80000000", Value.of(-0.0)},
                new Object[] {DataType.FLOAT32, "7f7fffff", Value.of(3.4028235E38)},
                new Object[] {DataType.FLOAT32, "ff800000", Value.of(Double.NEGATIVE_INFINITY)},
                new Object[] {DataType.FLOAT32, "00000001", Value.of(1.4E-45)},
                new Object[] {DataType.FLOAT64, "405edd2f1a9fbe77", Value.of(123.456)},
                new Object[] {DataType.FLOAT64, "7ff8000000000000", Value.of(Double.NaN)},
                new Object[] {DataType.FLOAT64, "8000000000000000", Value.of(-0.0)},
                new Object[] {DataType.FLOAT64, "7fefffffffffffff", Value.of(Double.MAX_VALUE)},
                new Object[] {DataType.FLOAT64, "0000000000000001", Value.of(Double.MIN_VALUE)});
    }

    /** Every pattern in every order its width allows. */
    static Stream<Arguments> everyTypeAndOrder() {
        List<Arguments> cases = new ArrayList<>();
        for (Object[] p : patterns()) {
            DataType type = (DataType) p[0];
            Map<Order, String> layouts = switch (type.registers()) {
                case 1 -> LAYOUT_16;
                case 2 -> LAYOUT_32;
                default -> LAYOUT_64;
            };
            layouts.forEach((order, layout) -> cases.add(Arguments.of(type, order, wire((String) p[1], layout), p[2])));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("everyTypeAndOrder")
    void decodesKnownBytePatterns(DataType type, Order order, int[] registers, Value expected) {
        Value decoded = RegisterCodec.decode(tag(type, order, 1.0, 0.0), registers, 0);
        assertSameValue(expected, decoded);
    }

    @ParameterizedTest(name = "{0} {1} {3} -> {2}")
    @MethodSource("everyTypeAndOrder")
    void encodesBackToTheSameRegisters(DataType type, Order order, int[] registers, Value value) {
        if (type == DataType.UINT64 && value instanceof Value.Num) {
            return; // 2^64 - 1 is not a double; covered by encodesTheLargestUint64
        }
        assertArrayEquals(registers, RegisterCodec.encode(tag(type, order, 1.0, 0.0), value));
    }

    @Test
    void decodesFromAnOffsetInsideABlock() {
        int[] block = {0xdead, 0x42f6, 0xe979, 0xbeef};
        assertSameValue(Value.of(123.456), RegisterCodec.decode(tag(DataType.FLOAT32, Order.ABCD, 1, 0), block, 1));
    }

    @Test
    void appliesScaleAndOffsetBothWays() {
        ModbusTagConfig tag = tag(DataType.INT16, Order.AB, 0.1, -5.0);
        assertEquals(20.0, RegisterCodec.decode(tag, new int[] {250}, 0).asDouble(), 1e-9);
        assertArrayEquals(new int[] {250}, RegisterCodec.encode(tag, Value.of(20.0)));
        assertArrayEquals(new int[] {0xfff6}, RegisterCodec.encode(tag, Value.of(-6.0)));
    }

    @Test
    void encodesTheLargestUint64() {
        assertArrayEquals(new int[] {0xffff, 0xffff, 0xffff, 0xf800},
                RegisterCodec.encode(tag(DataType.UINT64, Order.ABCD, 1, 0), Value.of(1.8446744073709550E19)));
    }

    @Test
    void refusesValuesThatDoNotFitTheType() {
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(tag(DataType.INT16, Order.AB, 1, 0), Value.of(40000L)));
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(tag(DataType.UINT16, Order.AB, 1, 0), Value.of(-1L)));
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(tag(DataType.UINT32, Order.ABCD, 1, 0), Value.of(1e10)));
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(tag(DataType.INT32, Order.ABCD, 1, 0), Value.of(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(tag(DataType.INT32, Order.ABCD, 1, 0), Value.of("7")));
        assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encode(tag(DataType.FLOAT32, Order.ABCD, 1, 0), Value.of(true)));
    }

    private static void assertSameValue(Value expected, Value actual) {
        assertEquals(expected.getClass(), actual.getClass(), "value kind of " + actual);
        if (expected instanceof Value.Num e) {
            double a = ((Value.Num) actual).value();
            assertTrue(Double.compare(e.value(), a) == 0, "expected " + e.value() + " but was " + a);
        } else {
            assertEquals(expected, actual);
        }
    }

    static int[] wire(String bigEndianHex, String layout) {
        byte[] be = HexFormat.of().parseHex(bigEndianHex);
        byte[] out = new byte[be.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = be[layout.charAt(i) - 'A'];
        }
        int[] registers = new int[out.length / 2];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = ((out[2 * i] & 0xff) << 8) | (out[2 * i + 1] & 0xff);
        }
        return registers;
    }

    static ModbusTagConfig tag(DataType type, Order order, double scale, double offset) {
        return new ModbusTagConfig("t", Table.HOLDING, 0, type, order, scale, offset, ReportPolicy.EVERY_CHANGE);
    }
}
