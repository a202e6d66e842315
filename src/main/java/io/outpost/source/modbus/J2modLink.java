package io.outpost.source.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import java.util.function.Supplier;

/**
 * {@link ModbusLink} over a j2mod master. j2mod's own reconnect flag means "close after every
 * transaction", so it stays off: a link failure drops the master here and the next request builds
 * and connects a fresh one. Every request runs under this object's lock.
 */
final class J2modLink implements ModbusLink {

    private final Supplier<AbstractModbusMaster> masters;
    private final String endpoint;
    private AbstractModbusMaster master;
    private boolean closed;

    J2modLink(Supplier<AbstractModbusMaster> masters, String endpoint) {
        this.masters = masters;
        this.endpoint = endpoint;
    }

    @Override
    public synchronized int[] readRegisters(int unitId, Table table, int start, int count) throws ModbusFailure {
        InputRegister[] read = call(() -> table == Table.INPUT
                ? connected().readInputRegisters(unitId, start, count)
                : connected().readMultipleRegisters(unitId, start, count));
        if (read == null || read.length != count) {
            throw dropped("short response: asked for " + count + " registers, got " + (read == null ? 0 : read.length));
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = read[i].toUnsignedShort();
        }
        return values;
    }

    @Override
    public synchronized boolean[] readBits(int unitId, Table table, int start, int count) throws ModbusFailure {
        BitVector read = call(() -> table == Table.DISCRETE
                ? connected().readInputDiscretes(unitId, start, count)
                : connected().readCoils(unitId, start, count));
        if (read == null || read.size() < count) {
            throw dropped("short response: asked for " + count + " bits, got " + (read == null ? 0 : read.size()));
        }
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = read.getBit(i);
        }
        return bits;
    }

    @Override
    public synchronized void writeRegisters(int unitId, int start, int[] registers) throws ModbusFailure {
        call(() -> {
            if (registers.length == 1) {
                return connected().writeSingleRegister(unitId, start, new SimpleRegister(registers[0]));
            }
            Register[] out = new Register[registers.length];
            for (int i = 0; i < registers.length; i++) {
                out[i] = new SimpleRegister(registers[i]);
            }
            return connected().writeMultipleRegisters(unitId, start, out);
        });
    }

    @Override
    public synchronized void writeCoil(int unitId, int address, boolean on) throws ModbusFailure {
        call(() -> connected().writeCoil(unitId, address, on));
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    private void disconnect() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }

    private AbstractModbusMaster connected() throws ModbusException {
        if (closed) {
            throw new ModbusException("link to " + endpoint + " is closed");
        }
        if (master == null) {
            AbstractModbusMaster fresh = masters.get();
            try {
                fresh.connect();
                // One try per request: the poll schedule is the retry, and j2mod's default (5) would
                // make a dead device cost five timeouts. j2mod counts tries, reads 0 as its default,
                // and keeps the setting on a transaction that exists only after connect.
                fresh.setRetries(1);
            } catch (Exception e) {
                fresh.disconnect();
                throw new ModbusException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
            }
            master = fresh;
        }
        return master;
    }

    private <T> T call(Request<T> request) throws ModbusFailure {
        try {
            return request.run();
        } catch (ModbusSlaveException e) {
            throw ModbusFailure.exceptionResponse(e.getType(), e.getMessage());
        } catch (ModbusException | RuntimeException e) {
            // j2mod reports timeouts, resets and garbled frames alike; none leaves the stream usable.
            throw dropped(inWords(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /**
     * j2mod's text for a failed transaction ({@code Executing transaction 00 4C 00 00 … failed (tried 1
     * times) Premature end of stream (Message truncated) - null}) in words an operator can act on; a
     * text it does not know is kept, without the frame dump.
     */
    static String inWords(String j2mod) {
        if (j2mod.contains("Premature end of stream") || j2mod.contains("Message truncated")) {
            return "the device closed the connection mid-reply";
        }
        if (j2mod.contains("Connection reset")) {
            return "the device reset the connection";
        }
        if (j2mod.contains("timed out") || j2mod.contains("Timeout")) {
            return "no reply within the timeout";
        }
        return j2mod.replaceFirst("^Executing transaction [0-9A-Fa-f ]+ failed \\(tried \\d+ times\\) ", "")
                .replaceFirst(" - null$", "");
    }

    private ModbusFailure dropped(String message) {
        return dropped(message, null);
    }

    private ModbusFailure dropped(String message, Throwable cause) {
        disconnect();
        return ModbusFailure.link(message, cause);
    }

    @FunctionalInterface
    private interface Request<T> {
        T run() throws ModbusException;
    }
}
