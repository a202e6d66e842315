package io.outpost.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The model's part of the demo's verdict on scripted alarm records: it passes only when the alarm
 * was raised during the fault, nowhere else, and cleared after the fault ended.
 */
class AlarmVerdictTest {

    private static final String PREFIX = "outpost/demo-gw";
    /** Just before the gateway started; the machine's first reading 100 ms later. */
    private static final long STARTING = 1_000_000;
    private static final long FIRST_READING = STARTING + 100;
    private static final DemoFault FAULT = new DemoFault(12, 5);
    private static final long FAULT_FROM = FIRST_READING + 12_000;
    private static final long FAULT_TO = FIRST_READING + 17_000;

    private final DemoConsumer cloud = consumer();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private long seq;

    private static DemoConsumer consumer() {
        try {
            // Never connected: the records are handed to it as the broker would.
            return new DemoConsumer(1, PREFIX, DemoConfig.MACHINE_TAG, DemoConfig.SCORE_TAG);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    private void arrive(String lane, String json) {
        cloud.messageArrived(PREFIX + "/" + lane, new MqttMessage(json.getBytes(StandardCharsets.UTF_8)));
    }

    private void machineStarted() {
        arrive("telemetry", """
                {"gw":"demo-gw","seq":1,"boot":"b","ts":%d,"samples":[{"t":"%s","ts":%d,"v":0.1,"q":"good"}]}
                """.formatted(FIRST_READING, DemoConfig.MACHINE_TAG, FIRST_READING));
    }

    private void raised(long at, double value) {
        arrive("alarms", """
                {"gw":"demo-gw","seq":%d,"boot":"b","ts":%d,"type":"alarm-raised","alarm":"bearing","value":%s,"raised_at":%d}
                """.formatted(++seq, at, value, at));
    }

    private void cleared(long raisedAt, long at, double value) {
        arrive("alarms", """
                {"gw":"demo-gw","seq":%d,"boot":"b","ts":%d,"type":"alarm-cleared","alarm":"bearing","value":%s,"raised_at":%d,"cleared_at":%d}
                """.formatted(++seq, at, value, raisedAt, at));
    }

    private boolean judge() {
        return new AlarmVerdict(FAULT, STARTING, STARTING + 500)
                .judge(List.of(), cloud, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void raisedDuringTheFaultAndClearedAfterItPasses() {
        machineStarted();
        raised(FAULT_FROM + 2_700, 0.045);
        cleared(FAULT_FROM + 2_700, FAULT_TO + 700, 0.0004);
        assertTrue(judge(), printed());
        assertTrue(printed().contains("alarm 'bearing' raised=1 cleared=1: raised at t=14.3s (score 0.0450), "
                + "cleared at t=17.3s (score 0.0004)"), printed());
    }

    @Test
    void noRaiseFails() {
        machineStarted();
        assertFalse(judge(), printed());
        assertTrue(printed().contains("was not raised during the fault"), printed());
    }

    @Test
    void aRaiseNeverClearedFails() {
        machineStarted();
        raised(FAULT_FROM + 2_700, 0.045);
        assertFalse(judge(), printed());
        assertTrue(printed().contains("was not cleared after the fault"), printed());
    }

    @Test
    void aClearBeforeTheFaultEndedFails() {
        machineStarted();
        raised(FAULT_FROM + 2_700, 0.045);
        cleared(FAULT_FROM + 2_700, FAULT_TO - 2_000, 0.004);
        assertFalse(judge(), printed());
        assertTrue(printed().contains("was not cleared after the fault"), printed());
    }

    @Test
    void aFalseAlarmBeforeTheFaultFails() {
        machineStarted();
        raised(FIRST_READING + 3_000, 0.02);
        cleared(FIRST_READING + 3_000, FIRST_READING + 4_000, 0.001);
        raised(FAULT_FROM + 2_700, 0.045);
        cleared(FAULT_FROM + 2_700, FAULT_TO + 700, 0.0004);
        assertFalse(judge(), printed());
        assertTrue(printed().contains("was raised 1 time(s) outside the fault"), printed());
    }

    @Test
    void aRaiseAgainAfterTheClearFails() {
        machineStarted();
        raised(FAULT_FROM + 2_700, 0.045);
        cleared(FAULT_FROM + 2_700, FAULT_TO + 700, 0.0004);
        raised(FAULT_TO + 5_000, 0.02);
        assertFalse(judge(), printed());
    }

    @Test
    void noReadingOfTheMachineFails() {
        assertFalse(judge(), printed());
        assertTrue(printed().contains("no reading of machine/vibration reached the cloud"), printed());
    }

    @Test
    void aFaultTooShortForTheAlarmIsRefused() {
        assertTrue(DemoFault.halfwayThrough(20).forSeconds() >= DemoFault.MIN_SECONDS);
        assertTrue(DemoFault.halfwayThrough(40).endSeconds() <= 40 - 3, "the fault ends before the sources stop");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new DemoFault(10, 2));
    }
}
