package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
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
        assertEquals(everySecondTo(stopAt(r.output())), statusSeconds(r.output()),
                "one status line a second until the sources stop, through the outage too:\n" + r.output());
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

    private static int stopAt(String output) {
        Matcher plan = Pattern.compile("sources stop at (\\d+)s").matcher(output);
        assertTrue(plan.find(), "no plan line:\n" + output);
        return Integer.parseInt(plan.group(1));
    }

    private static List<Integer> everySecondTo(int last) {
        return IntStream.rangeClosed(1, last).boxed().toList();
    }

    /** The t= of each status line printed before the sources stop, in order. */
    private static List<Integer> statusSeconds(String output) {
        String running = output.substring(0, Math.max(0, output.indexOf("sources stopped")));
        Matcher line = Pattern.compile("(?m)^t=\\s*(\\d+)s ").matcher(running);
        List<Integer> seconds = new ArrayList<>();
        while (line.find()) {
            seconds.add(Integer.parseInt(line.group(1)));
        }
        return seconds;
    }
}
