package io.outpost.source.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.outpost.source.modbus.ModbusRtuSourceConfig.Parity;
import io.outpost.source.modbus.ModbusTagConfig.DataType;
import io.outpost.source.modbus.ModbusTagConfig.Order;
import io.outpost.source.modbus.ModbusTagConfig.Table;
import io.outpost.value.Value;
import io.outpost.source.SourceScheduler;
import io.outpost.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU end to end over a virtual serial pair (socat joins two ptys): a j2mod RTU slave with
 * two unit ids on one end, two sources sharing the line on the other.
 */
class ModbusRtuTest {

    private static final int BAUD = 38400;

    @TempDir
    Path work;

    @Test
    void twoDevicesOnOneSerialLineArePolledInTurnAndWritten() throws Exception {
        Path master = work.resolve("ttyMaster");
        Path device = work.resolve("ttyDevice");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + master, "pty,raw,echo=0,link=" + device)
                .redirectErrorStream(true).start();
        try {
            Await.until("socat made the pty pair", () -> Files.exists(master) && Files.exists(device));
            SimpleProcessImage one = image(1, 0x42f6, 0xe979);
            SimpleProcessImage two = image(2, 0xfffe, 0x0007);
            ModbusSlave slave = ModbusSlaveFactory.createSerialSlave(serial(device.toRealPath().toString()));
            slave.addProcessImage(1, one);
            slave.addProcessImage(2, two);
            slave.open();
            try (SourceScheduler scheduler = new SourceScheduler(2)) {
                ModbusSources sources = new ModbusSources(scheduler, System::currentTimeMillis);
                ModbusSourceTest.Collector samples = new ModbusSourceTest.Collector();
                String port = master.toString();
                try (ModbusSource a = sources.rtu(config("a", port, 1, tag("level", DataType.FLOAT32)));
                     ModbusSource b = sources.rtu(config("b", port, 2, tag("count", DataType.INT32)))) {
                    a.start(samples);
                    b.start(samples);
                    samples.awaitGood("a/level", Value.of(123.456));
                    samples.awaitGood("b/count", Value.of(-131065L));
                    assertEquals(Value.of(99.5), a.write("level", Value.of(99.5)));
                    assertEquals(0x42c7, one.getRegister(0).toUnsignedShort());
                    Await.until("both devices keep polling", () -> a.health().reads() > 5 && b.health().reads() > 5,
                            () -> List.of(a.health(), b.health()));
                    assertTrue(a.health().failures() == 0 && b.health().failures() == 0,
                            a.health() + " " + b.health());
                }
            } finally {
                ModbusSlaveFactory.close(slave);
            }
        } finally {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static SimpleProcessImage image(int unitId, int... registers) {
        SimpleProcessImage image = new SimpleProcessImage(unitId);
        for (int r : registers) {
            image.addRegister(new SimpleRegister(r));
        }
        return image;
    }

    private static SerialParameters serial(String port) {
        SerialParameters p = new SerialParameters();
        p.setPortName(port);
        p.setBaudRate(BAUD);
        p.setDatabits(8);
        p.setStopbits(1);
        p.setParity(AbstractSerialConnection.EVEN_PARITY);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        return p;
    }

    private static ModbusRtuSourceConfig config(String name, String device, int unitId, ModbusTagConfig tag) {
        return new ModbusRtuSourceConfig(name, new ModbusRtuSourceConfig.SerialSettings(device, BAUD, Parity.EVEN, 8, 1), unitId, Duration.ofMillis(100),
                Duration.ofMillis(500), 10, List.of(tag));
    }

    private static ModbusTagConfig tag(String name, DataType type) {
        return ModbusSourceTest.tag(name, Table.HOLDING, 0, type, Order.ABCD);
    }
}
