package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost demo} through the distribution's launcher: its own class loader (the broker and the
 * OPC UA server from {@code lib/demo/}), outage and verdict.
 */
class DemoIT {

    @TempDir
    Path work;

    @Test
    void demoSurvivesTheBrokerOutageWithNothingLost() throws Exception {
        DaemonProcess.Result r = DaemonProcess.run(work, "demo", "--seconds", "24");
        assertEquals(0, r.exitCode(), r.output());
        Matcher verdict = Pattern.compile("produced=(\\d+) delivered=(\\d+) lost=(\\d+) duplicates=(\\d+)")
                .matcher(r.output());
        assertTrue(verdict.find(), r.output());
        long produced = Long.parseLong(verdict.group(1));
        assertTrue(produced > 100, "the demo produced almost nothing:\n" + r.output());
        assertEquals(produced, Long.parseLong(verdict.group(2)), r.output());
        assertEquals(0, Long.parseLong(verdict.group(3)), r.output());
        assertTrue(r.output().contains("broker=down"), "the outage did not happen:\n" + r.output());
        Matcher modbus = Pattern.compile("modbus device 'plc' polls=(\\d+) failures=(\\d+)").matcher(r.output());
        assertTrue(modbus.find() && Long.parseLong(modbus.group(1)) > 10 && modbus.group(2).equals("0"),
                "the demo's Modbus device was not polled cleanly:\n" + r.output());
        Matcher opcua = Pattern.compile("opc ua server 'oven' notifications=(\\d+) failures=(\\d+) "
                + "delivered_good=(\\d+) tags_good=(\\d+)/(\\d+)").matcher(r.output());
        assertTrue(opcua.find(), "no line about the demo's OPC UA server:\n" + r.output());
        assertEquals("0", opcua.group(2), "the OPC UA source failed:\n" + r.output());
        assertTrue(Long.parseLong(opcua.group(3)) > 10,
                "too few samples of the OPC UA source reached the cloud with quality good:\n" + r.output());
        assertEquals(opcua.group(5), opcua.group(4),
                "not every tag of the OPC UA source reached the cloud with quality good:\n" + r.output());
        assertEquals("4", opcua.group(5), r.output());
    }
}
