package io.outpost.config;

/** A Modbus tag: where it is ({@code table}, zero-based {@code address}) and how to decode it. */
public record ModbusTagConfig(
        String name, Table table, int address, DataType dataType, String order, double scale, double offset,
        ReportPolicy report) implements TagConfig {

    /** {@code table:} holding | input | coil | discrete. */
    public enum Table { HOLDING, INPUT, COIL, DISCRETE }

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
    }
}
