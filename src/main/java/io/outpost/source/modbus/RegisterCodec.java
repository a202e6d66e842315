package io.outpost.source.modbus;

import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.value.Value;

/**
 * Turns a tag's registers into its value and back: byte and word order, then the data type, then
 * {@code value = raw * scale + offset}. Registers are ints in 0..65535, in the order the device
 * sends them.
 *
 * <p>Integers without scale or offset stay exact ({@link Value.Int}); uint64 values above the
 * int64 range, scaled values and floats are {@link Value.Num}. A float32 becomes the shortest
 * decimal that reads back as the same float, so 0.1f is sent as 0.1 and not 0.10000000149.
 */
public final class RegisterCodec {

    private RegisterCodec() {
    }

    /** The value of {@code tag} from {@code registers[from .. from + width)}. */
    public static Value decode(ModbusTagConfig tag, int[] registers, int from) {
        int width = tag.dataType().registers();
        if (from < 0 || from > registers.length - width) {
            // The link refuses a short response already; this keeps any other caller's mistake in words.
            throw new IllegalArgumentException("a " + typeName(tag.dataType()) + " needs " + width + " registers from "
                    + from + ", there are " + registers.length);
        }
        long raw = rawBits(registers, from, width, tag.order());
        return scaled(tag, raw);
    }

    /** The registers to write for {@code value}, in the order the device expects them. */
    public static int[] encode(ModbusTagConfig tag, Value value) {
        DataType type = tag.dataType();
        if (type == DataType.BOOL) {
            throw new IllegalArgumentException("bool tags are coils, not registers");
        }
        if (value instanceof Value.Text || value instanceof Value.Bool) {
            throw new IllegalArgumentException("needs a number for a " + typeName(type) + " tag");
        }
        long bits = switch (type) {
            case FLOAT32 -> Float.floatToRawIntBits((float) unscaled(tag, value)) & 0xFFFF_FFFFL;
            case FLOAT64 -> Double.doubleToRawLongBits(unscaled(tag, value));
            default -> integerBits(tag, value);
        };
        return toRegisters(bits, type.registers(), tag.order());
    }

    /** The raw bits of {@code width} registers, most significant byte first, after undoing {@code order}. */
    static long rawBits(int[] registers, int from, int width, Order order) {
        long bits = 0;
        for (int i = 0; i < width; i++) {
            int word = registers[from + (order.swapsRegisters() ? width - 1 - i : i)] & 0xFFFF;
            if (order.swapsBytes()) {
                word = ((word & 0xFF) << 8) | (word >>> 8);
            }
            bits = (bits << 16) | word;
        }
        return bits;
    }

    static int[] toRegisters(long bits, int width, Order order) {
        int[] registers = new int[width];
        for (int i = 0; i < width; i++) {
            int word = (int) (bits >>> (16 * (width - 1 - i))) & 0xFFFF;
            if (order.swapsBytes()) {
                word = ((word & 0xFF) << 8) | (word >>> 8);
            }
            registers[order.swapsRegisters() ? width - 1 - i : i] = word;
        }
        return registers;
    }

    private static Value scaled(ModbusTagConfig tag, long raw) {
        boolean plain = tag.scale() == 1.0 && tag.offset() == 0.0;
        return switch (tag.dataType()) {
            case BOOL -> Value.of(raw != 0);
            case INT16 -> integer((short) raw, plain, tag);
            case UINT16, UINT32 -> integer(raw, plain, tag);
            case INT32 -> integer((int) raw, plain, tag);
            case INT64 -> integer(raw, plain, tag);
            case UINT64 -> raw >= 0 ? integer(raw, plain, tag)
                    : Value.of(affine(tag, unsignedToDouble(raw)));
            case FLOAT32 -> Value.of(affine(tag, shortestDecimal(Float.intBitsToFloat((int) raw))));
            case FLOAT64 -> Value.of(affine(tag, Double.longBitsToDouble(raw)));
        };
    }

    private static Value integer(long raw, boolean plain, ModbusTagConfig tag) {
        return plain ? Value.of(raw) : Value.of(affine(tag, raw));
    }

    private static double affine(ModbusTagConfig tag, double raw) {
        // Skipped when neutral: -0.0 + 0.0 would turn a negative zero positive.
        return tag.scale() == 1.0 && tag.offset() == 0.0 ? raw : raw * tag.scale() + tag.offset();
    }

    private static double shortestDecimal(float f) {
        // Keeps NaN, infinities and negative zero: Float.toString spells all of them.
        return Double.parseDouble(Float.toString(f));
    }

    private static double unsignedToDouble(long raw) {
        return (double) (raw >>> 1) * 2.0 + (raw & 1);
    }

    private static double unscaled(ModbusTagConfig tag, Value value) {
        if (value instanceof Value.Int i && tag.scale() == 1.0 && tag.offset() == 0.0) {
            return i.value();
        }
        return (value.asDouble() - tag.offset()) / tag.scale();
    }

    private static long integerBits(ModbusTagConfig tag, Value value) {
        DataType type = tag.dataType();
        long raw;
        if (value instanceof Value.Int i && tag.scale() == 1.0 && tag.offset() == 0.0) {
            raw = i.value();
        } else {
            double d = (value.asDouble() - tag.offset()) / tag.scale();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(value.asDouble() + " does not fit a " + typeName(type) + " tag");
            }
            double rounded = Math.rint(d);
            if (type == DataType.UINT64 && rounded >= 0x1p63 && rounded < 0x1p64) {
                return (long) (rounded - 0x1p63) ^ Long.MIN_VALUE;
            }
            if (rounded < -0x1p63 || rounded >= 0x1p63) {
                throw outOfRange(value, type);
            }
            raw = (long) rounded;
        }
        long min = switch (type) {
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
        long max = switch (type) {
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 0xFFFF;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xFFFF_FFFFL;
            default -> Long.MAX_VALUE;
        };
        if (raw < min || raw > max) {
            throw outOfRange(value, type);
        }
        return raw;
    }

    private static IllegalArgumentException outOfRange(Value value, DataType type) {
        String shown = value instanceof Value.Int i ? Long.toString(i.value()) : Double.toString(value.asDouble());
        return new IllegalArgumentException(shown + " is out of range for a " + typeName(type) + " tag");
    }

    static String typeName(DataType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
