package io.outpost.testing;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;

/**
 * A j2mod Modbus TCP slave on a loopback port: {@code size} holding registers, input registers,
 * coils and discrete inputs from address 0, all zero until set. Stops and starts again on the same
 * port, to play a device that goes away and comes back.
 */
public final class ModbusTestSlave implements AutoCloseable {

    private final int port;
    private final int unitId;
    private final SimpleProcessImage image;
    private ModbusSlave slave;

    public ModbusTestSlave(int unitId, int size) throws IOException {
        this.port = FreePorts.loopback();
        this.unitId = unitId;
        this.image = new SimpleProcessImage(unitId);
        for (int i = 0; i < size; i++) {
            image.addRegister(new SimpleRegister(0));
            image.addInputRegister(new SimpleInputRegister(0));
            image.addDigitalOut(new SimpleDigitalOut(false));
            image.addDigitalIn(new SimpleDigitalIn(false));
        }
    }

    public int port() {
        return port;
    }

    public synchronized ModbusTestSlave start() throws ModbusException {
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(unitId, image);
        slave.open();
        return this;
    }

    public synchronized void stop() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    public void holding(int address, int... registers) {
        for (int i = 0; i < registers.length; i++) {
            image.getRegister(address + i).setValue(registers[i]);
        }
    }

    public void input(int address, int... registers) {
        for (int i = 0; i < registers.length; i++) {
            image.setInputRegister(address + i, new SimpleInputRegister(registers[i]));
        }
    }

    public void coil(int address, boolean on) {
        image.getDigitalOut(address).set(on);
    }

    public void discrete(int address, boolean on) {
        image.setDigitalIn(address, new SimpleDigitalIn(on));
    }

    public int holding(int address) {
        return image.getRegister(address).toUnsignedShort();
    }

    public boolean coil(int address) {
        return image.getDigitalOut(address).isSet();
    }

    @Override
    public void close() {
        stop();
    }
}
