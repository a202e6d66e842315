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
 * OPC UA server from {@code lib/demo/}), outage, the shipped model and its alarm, and verdict.
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
        assertTheFaultRaisedAndItsEndClearedTheAlarm(r.output());
    }

    private static void assertTheFaultRaisedAndItsEndClearedTheAlarm(String output) {
        assertTrue(output.contains("outpost demo: PASS, nothing lost, the fault raised the alarm and its end cleared it"), output);
        Matcher plan = Pattern.compile("its bearing fails (\\d+)s after it starts, for (\\d+)s").matcher(output);
        assertTrue(plan.find(), "no plan of the fault:\n" + output);
        assertEquals(12, Integer.parseInt(plan.group(1)), "halfway through 24 s:\n" + output);
        Matcher model = Pattern.compile("model 'vibration-anomaly' runs=(\\d+) skipped=(\\d+) failures=(\\d+)").matcher(output);
        assertTrue(model.find(), "no line about the model:\n" + output);
        assertTrue(Long.parseLong(model.group(1)) > 20, "the model hardly ran:\n" + output);
        assertEquals("0", model.group(3), "the model failed:\n" + output);

        // The status lines: the alarm raised (with a score above the threshold) and, later, cleared.
        List<String> lines = statusLines(output);
        int raised = indexOf(lines, l -> l.contains(" alarm=RAISED "));
        assertTrue(raised > 0, "no status line with the alarm raised:\n" + output);
        assertTrue(score(lines.get(raised)) > 0.01, "raised, yet the score is below the threshold:\n" + output);
        assertTrue(lines.subList(raised, lines.size()).stream().anyMatch(l -> l.contains(" alarm=clear ")),
                "the alarm never shows as cleared:\n" + output);
        assertTrue(lines.get(lines.size() - 1).contains(" alarm=clear "), "raised at the end:\n" + output);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" machine=FAULT ")), "no line during the fault:\n" + output);

        // The verdict, from the alarm records the cloud received: raised once, cleared after.
        Matcher alarm = Pattern.compile("alarm 'bearing' raised=(\\d+) cleared=(\\d+): raised at t=([\\d.]+)s "
                + "\\(score ([\\d.]+)\\), cleared at t=([\\d.]+)s \\(score ([\\d.]+)\\); fault from t=([\\d.]+)s to t=([\\d.]+)s")
                .matcher(output);
        assertTrue(alarm.find(), "no verdict on the alarm:\n" + output);
        assertEquals("1", alarm.group(1), output);
        assertEquals("1", alarm.group(2), output);
        double raisedAt = Double.parseDouble(alarm.group(3));
        double clearedAt = Double.parseDouble(alarm.group(5));
        double faultFrom = Double.parseDouble(alarm.group(7));
        double faultTo = Double.parseDouble(alarm.group(8));
        // The demo's own verdict bounds the fault soundly; these times are its estimate from the first reading.
        assertTrue(raisedAt > faultFrom && raisedAt < faultTo && clearedAt > raisedAt, output);
        assertTrue(Double.parseDouble(alarm.group(4)) > 0.01, output);
        assertTrue(Double.parseDouble(alarm.group(6)) < 0.005, output);
    }

    private static List<String> statusLines(String output) {
        return output.lines().filter(l -> l.matches("^t=\\s*\\d+s .*")).toList();
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> which) {
        return IntStream.range(0, lines.size()).filter(i -> which.test(lines.get(i))).findFirst().orElse(-1);
    }

    private static double score(String line) {
        Matcher score = Pattern.compile(" score=([\\d.]+)").matcher(line);
        assertTrue(score.find(), "no score in " + line);
        return Double.parseDouble(score.group(1));
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
