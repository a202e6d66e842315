package io.outpost.process.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.AlarmConfig;
import io.outpost.config.AlarmConfig.Severity;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms on scripted readings, with their state file on disk. The output stands in for the alarm lane:
 * it numbers records as the store does and runs the state write at that moment, as the store's writer
 * does before its commit; {@code commit = false} plays a crash between the two.
 */
class AlarmsTest {

    private static final TagId PRESSURE = new TagId("press1", "pressure");

    @TempDir
    Path dataDir;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Map<String, Object>> lane = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private long lastSeq;
    private boolean commit = true;

    private final AlarmOutput output = (type, fields, atSeq) -> {
        long seq = lastSeq + 1;
        atSeq.accept(seq);
        if (commit) {
            lastSeq = seq;
            Map<String, Object> record = new java.util.LinkedHashMap<>(fields);
            record.put("type", type);
            record.put("seq", seq);
            lane.add(record);
        }
    };

    private static AlarmConfig overpressure() {
        return new AlarmConfig("overpressure", PRESSURE, OptionalDouble.of(8.5), OptionalDouble.empty(),
                OptionalDouble.of(8.0), Optional.of(Duration.ofSeconds(2)), Optional.empty(), Severity.CRITICAL);
    }

    private static AlarmConfig silent() {
        return new AlarmConfig("silent", PRESSURE, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty(), Optional.of(Duration.ofSeconds(30)), Severity.MINOR);
    }

    private Alarms open(AlarmConfig... configs) {
        return Alarms.open(List.of(configs), dataDir, lastSeq, now::get, output, (type, fields) -> events.add(type));
    }

    /** A good reading with ts = now, the clock moved on by {@code stepMillis} first. */
    private void read(Alarms alarms, long stepMillis, double value) {
        alarms.accept(new Sample(PRESSURE, now.addAndGet(stepMillis), Value.of(value), Quality.GOOD));
    }

    private List<String> types() {
        // A number read back from the state file may come as 9 for 9.0: the same JSON number.
        return lane.stream().map(r -> r.get("type") + "@"
                + (r.get("value") instanceof Number n ? (Object) n.doubleValue() : r.get("value"))).toList();
    }

    @Test
    void raisesOnlyWhenTheConditionHeldForItsDurationAndClearsOnlyPastTheHysteresis() {
        Alarms alarms = open(overpressure());
        read(alarms, 0, 8.6);
        read(alarms, 1000, 8.7);
        read(alarms, 500, 8.4);  // back inside: the wait starts again
        read(alarms, 500, 8.6);
        read(alarms, 1000, 8.9);
        assertEquals(List.of(), types(), "held 1 s of the 2 s asked");
        alarms.accept(new Sample(PRESSURE, now.addAndGet(500), Value.NONE, Quality.BAD));
        read(alarms, 500, 8.8);
        read(alarms, 1000, 8.8);
        assertEquals(List.of(), types(), "a bad reading starts the wait again");
        read(alarms, 1000, 9.1);
        assertEquals(List.of("alarm-raised@9.1"), types());
        Map<String, Object> raised = lane.get(0);
        assertEquals("critical", raised.get("severity"));
        assertEquals(8.5, raised.get("threshold"));
        assertEquals(8.0, raised.get("clear"));
        assertEquals(2000L, raised.get("for_ms"));
        assertEquals(now.get() - 2000, raised.get("since"));

        read(alarms, 100, 8.3);  // below the threshold, above the clear level: still raised
        read(alarms, 100, 9.0);
        assertEquals(1, lane.size(), types().toString());
        assertEquals(1, alarms.active().size());
        read(alarms, 100, 7.9);
        assertEquals(List.of("alarm-raised@9.1", "alarm-cleared@7.9"), types());
        assertEquals(raised.get("raised_at"), lane.get(1).get("raised_at"));
        assertEquals(List.of(), alarms.active());
    }

    @Test
    void aStaleAlarmRaisesAfterSilenceByTheGatewayClockAndClearsOnTheNextGoodReading() {
        Alarms alarms = open(silent());
        now.addAndGet(29_000);
        alarms.tick();
        assertEquals(List.of(), types());
        alarms.accept(new Sample(PRESSURE, now.get(), Value.NONE, Quality.BAD));
        now.addAndGet(1_000);
        alarms.tick();
        assertEquals(List.of("alarm-raised@null"), types(), "a bad reading is not a fresh value");
        alarms.tick();
        assertEquals(1, lane.size());
        read(alarms, 10, 5.0);
        assertEquals(List.of("alarm-raised@null", "alarm-cleared@5.0"), types());
    }

    @Test
    void aRestartNeitherRaisesAnActiveAlarmAgainNorForgetsItAndSendsTheClearThatCameWhileDown() {
        Alarms before = open(overpressure());
        read(before, 0, 9.0);
        read(before, 2000, 9.0);
        assertEquals(1, lane.size());

        Alarms after = open(overpressure());
        assertEquals(1, after.active().size(), "restored");
        read(after, 100, 9.2);
        read(after, 2000, 9.3);
        assertEquals(1, lane.size(), "not raised twice: " + types());
        read(after, 100, 7.0);
        assertEquals(List.of("alarm-raised@9.0", "alarm-cleared@7.0"), types());

        Alarms third = open(overpressure());
        assertEquals(List.of(), third.active());
    }

    @Test
    void aRecordWhoseCommitNeverCameIsAppendedAgainAtStart() {
        Alarms before = open(overpressure());
        read(before, 0, 9.0);
        commit = false;           // the state file is written, the process dies before the commit
        read(before, 2000, 9.0);
        assertEquals(List.of(), types());
        commit = true;

        Alarms after = open(overpressure());
        assertEquals(List.of("alarm-raised@9.0"), types(), "the raise reaches the lane after all");
        assertEquals(1, after.active().size());
        read(after, 2000, 9.5);
        assertEquals(1, lane.size());
    }

    @Test
    void anAlarmRaisedUnderARuleNoLongerConfiguredIsClearedOnceWithTheReason() {
        Alarms before = open(overpressure());
        read(before, 0, 9.0);
        read(before, 2000, 9.0);
        Alarms after = open(silent());
        assertEquals(2, lane.size(), types().toString());
        assertEquals("alarm-cleared", lane.get(1).get("type"));
        assertEquals("overpressure", lane.get(1).get("alarm"));
        assertEquals("the alarm is no longer configured", lane.get(1).get("reason"));
        assertEquals(List.of(), after.active());
        open(silent());
        assertEquals(2, lane.size(), "cleared once");
    }

    @Test
    void anUnreadableStateFileIsReportedAndTheAlarmsStillRun() throws Exception {
        Files.writeString(dataDir.resolve(AlarmStateFile.NAME), "{\"seq\": 3, \"act");
        Alarms alarms = open(overpressure());
        assertEquals(List.of("alarm-state-unreadable"), events);
        read(alarms, 0, 9.0);
        read(alarms, 2000, 9.0);
        assertEquals(1, lane.size());
        assertTrue(Files.readString(dataDir.resolve(AlarmStateFile.NAME)).contains("overpressure"));
    }
}
