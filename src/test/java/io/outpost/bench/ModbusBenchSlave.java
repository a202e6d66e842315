package io.outpost.bench;

import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device side of {@code bench/modbus.sh}, in its own JVM so the gateway's CPU is measured alone:
 * a j2mod TCP slave with N holding registers, a tenth of them changing every 100 ms. It counts the
 * registers it served and writes the running total to a file every 100 ms.
 *
 * <p>{@code ModbusBenchSlave PORT REGISTERS COUNTER_FILE}
 */
public final class ModbusBenchSlave {

    private ModbusBenchSlave() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int registers = Integer.parseInt(args[1]);
        Path counterFile = Path.of(args[2]);
        AtomicLong served = new AtomicLong();
        SimpleProcessImage image = new SimpleProcessImage(1) {
            @Override
            public Register[] getRegisterRange(int offset, int count) {
                Register[] range = super.getRegisterRange(offset, count);
                served.addAndGet(count);
                return range;
            }
        };
        for (int i = 0; i < registers; i++) {
            image.addRegister(new SimpleRegister(i));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
        int next = 0;
        while (true) {
            Thread.sleep(100);
            for (int i = 0; i < registers / 10; i++) {
                Register r = image.getRegister(next);
                r.setValue((r.getValue() + 1) & 0xFFFF);
                next = (next + 1) % registers;
            }
            Files.writeString(counterFile, Long.toString(served.get()));
        }
    }
}
