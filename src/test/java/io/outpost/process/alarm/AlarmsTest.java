package io.outpost.process.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.AlarmConfig;
import io.outpost.config.AlarmConfig.Severity;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms on scripted readings. The output stands in for the store's alarm lane: it numbers records as
 * the store does and keeps the state handed with each record as the store commits it, with it;
 * {@code commit = false} plays a crash before that commit (neither is kept). The data directory holds
 * the state file of older builds, for the migration.
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
    /** The state the store committed last. */
    private Optional<byte[]> stored = Optional.empty();

    private final AlarmOutput output = (type, fields, state) -> {
        if (!commit) {
            return new CompletableFuture<>(); // the process died before the commit: it never completes
        }
        lastSeq++;
        Map<String, Object> record = new java.util.LinkedHashMap<>(fields);
        record.put("type", type);
        record.put("seq", lastSeq);
        lane.add(record);
        stored = Optional.of(state);
        return CompletableFuture.completedFuture(null);
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
        return Alarms.open(List.of(configs), stored, dataDir, now::get, output, (type, fields) -> events.add(type));
    }

    /** A good reading with ts = now, the clock moved on by {@code stepMillis} first. */
    private void read(Alarms alarms, long stepMillis, double value) {
        alarms.accept(new Sample(PRESSURE, now.addAndGet(stepMillis), Value.of(value), Quality.GOOD));
    }

    private List<String> types() {
        // A number read back from the state may come as 9 for 9.0: the same JSON number.
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
    void aRecordWhoseCommitNeverCameLeavesTheStateAsOfTheRecordBeforeIt() {
        Alarms before = open(overpressure());
        read(before, 0, 9.0);
        commit = false;           // the process dies before the commit: neither the raise nor its state is kept
        read(before, 2000, 9.0);
        assertEquals(List.of(), types());
        commit = true;

        Alarms after = open(overpressure());
        assertEquals(List.of(), after.active(), "nothing was raised as far as the store knows");
        read(after, 0, 9.5);
        read(after, 2000, 9.5);
        assertEquals(List.of("alarm-raised@9.5"), types(), "raised once, when the condition held again");
        assertEquals(1, open(overpressure()).active().size());
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
    void anUnreadableStoreStateIsReportedAndTheAlarmsStillRun() {
        stored = Optional.of("{\"act".getBytes(StandardCharsets.UTF_8));
        Alarms alarms = open(overpressure());
        assertEquals(List.of("alarm-state-unreadable"), events);
        read(alarms, 0, 9.0);
        read(alarms, 2000, 9.0);
        assertEquals(1, lane.size());
        assertTrue(new String(stored.orElseThrow(), StandardCharsets.UTF_8).contains("overpressure"));
    }

    /**
     * Raises overpressure and writes the file as older builds did for it: the raised alarms, the seq
     * and content of the last record. Returns the alarms, still running.
     */
    private Alarms raisedWithTheFileOfAnOlderBuild() throws Exception {
        Alarms older = open(overpressure());
        read(older, 0, 9.0);
        read(older, 2000, 9.0);
        String active = new String(stored.orElseThrow(), StandardCharsets.UTF_8);
        Files.writeString(dataDir.resolve(AlarmStateFile.NAME), "{\"seq\":1," + active.substring(1, active.length() - 1)
                + ",\"last\":{\"type\":\"alarm-raised\",\"fields\":{\"alarm\":\"overpressure\"}}}");
        return older;
    }

    @Test
    void theStateFileOfAnOlderBuildIsReadAtTheFirstStartAndRemovedOnceTheStoreHoldsTheState() throws Exception {
        raisedWithTheFileOfAnOlderBuild();
        stored = Optional.empty();  // the store of an older build has no state
        lane.clear();
        Path file = dataDir.resolve(AlarmStateFile.NAME);

        Alarms first = open(overpressure());
        assertEquals(1, first.active().size(), "restored from the file");
        read(first, 100, 9.3);
        read(first, 2000, 9.3);
        assertEquals(List.of(), types(), "not raised twice");
        assertTrue(Files.exists(file), "kept while the store holds no state");
        assertEquals(1, open(overpressure()).active().size(), "a second start before any record reads it again");

        read(first, 100, 7.0);
        assertEquals(List.of("alarm-cleared@7.0"), types());
        assertFalse(Files.exists(file), "removed once the store holds the state");
        assertEquals(List.of(), open(overpressure()).active());
        assertEquals(List.of(), events);
    }

    @Test
    void theStoreStateWinsOverAFileLeftBehindWhichIsRemoved() throws Exception {
        Alarms older = raisedWithTheFileOfAnOlderBuild();
        read(older, 100, 7.0);   // cleared: the store state has no active alarm, the file still says raised

        assertEquals(List.of(), open(overpressure()).active());
        assertFalse(Files.exists(dataDir.resolve(AlarmStateFile.NAME)));
    }

    @Test
    void anUnreadableStateFileOfAnOlderBuildIsReportedAndRemovedOnceTheStoreHoldsTheState() throws Exception {
        Path file = dataDir.resolve(AlarmStateFile.NAME);
        Files.writeString(file, "{\"seq\": 3, \"act");
        Alarms alarms = open(overpressure());
        assertEquals(List.of("alarm-state-unreadable"), events);
        read(alarms, 0, 9.0);
        read(alarms, 2000, 9.0);
        assertEquals(1, lane.size());
        assertFalse(Files.exists(file));
        assertEquals(1, open(overpressure()).active().size());
    }
}
