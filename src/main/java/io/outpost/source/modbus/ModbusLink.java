package io.outpost.source.modbus;

import io.outpost.source.modbus.ModbusTagConfig.Table;

/**
 * A connection to a Modbus TCP device or a serial bus. Implementations serialise their requests (one
 * transaction at a time on a socket or line) and rebuild a broken connection on the next request.
 */
public interface ModbusLink extends AutoCloseable {

    /** {@code count} registers of the holding or input table; each 0..65535. */
    int[] readRegisters(int unitId, Table table, int start, int count) throws ModbusFailure;

    /** {@code count} bits of the coil or discrete table. */
    boolean[] readBits(int unitId, Table table, int start, int count) throws ModbusFailure;

    /** Writes holding registers: function 06 for one, 16 for several. */
    void writeRegisters(int unitId, int start, int[] registers) throws ModbusFailure;

    /** Writes one coil (function 05). */
    void writeCoil(int unitId, int address, boolean on) throws ModbusFailure;

    /** Where it connects, for logs: {@code host:port} or the serial device. */
    String endpoint();

    @Override
    void close();
}
