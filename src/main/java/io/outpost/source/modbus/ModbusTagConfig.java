package io.outpost.source.modbus;

import io.outpost.config.ReportPolicy;
import io.outpost.config.TagConfig;

/**
 * A Modbus tag: where it is ({@code table}, zero-based {@code address}) and how to decode it
 * ({@code value = raw * scale + offset}). For {@code bool} tags {@code order}, {@code scale} and
 * {@code offset} do not apply and hold {@link Order#AB}, 1.0 and 0.0.
 */
public record ModbusTagConfig(
        String name, Table table, int address, DataType dataType, Order order, double scale, double offset,
        ReportPolicy report) implements TagConfig {

    /** {@code table:} holding | input | coil | discrete. */
    public enum Table {
        HOLDING, INPUT, COIL, DISCRETE;

        /** Coils and discrete inputs hold single bits; the others 16-bit registers. */
        public boolean holdsBits() {
            return this == COIL || this == DISCRETE;
        }
    }

    /** {@code type:} of a Modbus tag, with its width in 16-bit registers (bits for coil/discrete tables). */
    public enum DataType {
        BOOL(1), INT16(1), UINT16(1), INT32(2), UINT32(2), INT64(4), UINT64(4), FLOAT32(2), FLOAT64(4);

        private final int registers;

        DataType(int registers) {
            this.registers = registers;
        }

        public int registers() {
            return registers;
        }

        public boolean sixteenBit() {
            return this == INT16 || this == UINT16;
        }
    }

    /**
     * {@code order:} how the bytes of a value are laid out, A being the most significant. 16-bit
     * values: AB (big-endian) or BA. 32-bit values: ABCD (big-endian), CDAB (registers swapped), BADC
     * (bytes swapped in each register), DCBA (little-endian). 64-bit values extend the same pattern
     * over four registers: CDAB reverses the register order, BADC swaps the bytes in each register,
     * DCBA does both.
     */
    public enum Order {
        AB, BA, ABCD, CDAB, BADC, DCBA;

        public boolean sixteenBit() {
            return this == AB || this == BA;
        }

        /** Whether the bytes inside each register are swapped (B before A). */
        public boolean swapsBytes() {
            return this == BA || this == BADC || this == DCBA;
        }

        /** Whether the registers of a multi-register value come least significant first. */
        public boolean swapsRegisters() {
            return this == CDAB || this == DCBA;
        }
    }
}
