package io.outpost.demo;

import io.outpost.threads.DaemonThreads;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's PLC: an in-process Modbus TCP device on a loopback port whose registers move, so the
 * gateway polls something real. The map is the one {@link DemoConfig} declares:
 * <pre>
 *   holding 0-1  float32 ABCD  tank_level (m)
 *   holding 2    int16   AB    temperature, tenths of a degree
 *   holding 3-4  uint32  CDAB  energy counter (Wh)
 *   input   0-3  float64 ABCD  flow (m³/h)
 *   coil    0    bool          pump running
 * </pre>
 */
final class DemoModbusDevice implements AutoCloseable {

    static final int UNIT_ID = 1;

    private final SimpleProcessImage image = new SimpleProcessImage(UNIT_ID);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("demo-modbus-device"));
    private final int port;
    private final ModbusSlave slave;
    private final long started = System.nanoTime();
    private long energyWh = 1_000_000;

    DemoModbusDevice() throws IOException, ModbusException {
        for (int i = 0; i < 8; i++) {
            image.addRegister(new SimpleRegister(0));
            image.addInputRegister(new SimpleInputRegister(0));
            image.addDigitalOut(new SimpleDigitalOut(false));
        }
        this.port = freeLoopbackPort();
        update();
        this.slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(UNIT_ID, image);
        slave.open();
        ticker.scheduleAtFixedRate(this::update, 250, 250, TimeUnit.MILLISECONDS);
    }

    int port() {
        return port;
    }

    private void update() {
        double t = (System.nanoTime() - started) / 1e9;
        int level = Float.floatToIntBits((float) (2.5 + Math.sin(t / 6.0)));
        image.getRegister(0).setValue(level >>> 16);
        image.getRegister(1).setValue(level & 0xFFFF);
        image.getRegister(2).setValue((short) Math.round(215 + 30 * Math.sin(t / 11.0)));
        energyWh += 3;
        image.getRegister(3).setValue((int) (energyWh & 0xFFFF));
        image.getRegister(4).setValue((int) (energyWh >>> 16) & 0xFFFF);
        long flow = Double.doubleToLongBits(Math.round((40 + 5 * Math.cos(t / 4.0)) * 10) / 10.0);
        for (int i = 0; i < 4; i++) {
            image.setInputRegister(i, new SimpleInputRegister((int) (flow >>> (48 - 16 * i)) & 0xFFFF));
        }
        image.getDigitalOut(0).set(((long) t / 7) % 2 == 0);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        ModbusSlaveFactory.close(slave);
    }
}
