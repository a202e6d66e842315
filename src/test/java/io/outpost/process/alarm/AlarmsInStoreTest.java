package io.outpost.process.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.outpost.config.AlarmConfig;
import io.outpost.config.AlarmConfig.Severity;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.json.JsonOutput;
import io.outpost.store.EventRecorder;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.RecordEncoder;
import io.outpost.store.StoredRecord;
import io.outpost.testing.Await;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms over a real store file, wired as the gateway wires them: the raised alarms kept in the store
 * with each alarm record, and the state file of an older build taken over.
 */
class AlarmsInStoreTest {

    private static final TagId PRESSURE = new TagId("press1", "pressure");
    private static final AlarmConfig HIGH = new AlarmConfig("high", PRESSURE, OptionalDouble.of(8.5), OptionalDouble.empty(),
            OptionalDouble.of(8.0), Optional.empty(), Optional.empty(), Severity.MAJOR);

    @TempDir
    Path dataDir;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> events = new ArrayList<>();

    private MapDbRecordStore openStore() throws Exception {
        return MapDbRecordStore.open(dataDir.resolve("queue"), 16L << 20, OnFull.DROP_OLDEST, (l, f, t, c, r) -> { });
    }

    private Alarms open(MapDbRecordStore store) {
        EventRecorder recorder = new EventRecorder(store, new RecordEncoder("gw1", "boot1"), now::get);
        return Alarms.open(List.of(HIGH), store.state(Alarms.STATE_NAME), dataDir, now::get,
                (type, fields, state) -> recorder.alarm(type, fields, Alarms.STATE_NAME, state),
                (type, fields) -> events.add(type));
    }

    private void read(Alarms alarms, double value) {
        alarms.accept(new Sample(PRESSURE, now.addAndGet(100), Value.of(value), Quality.GOOD));
    }

    private static List<String> alarmRecords(MapDbRecordStore store) {
        List<String> types = new ArrayList<>();
        for (StoredRecord r : store.read(Lane.ALARMS, 0, 100)) {
            types.add(JsonRecords.tree(r.payload()).get("type").asText());
        }
        return types;
    }

    @Test
    void aRaisedAlarmIsKeptInTheStoreWithItsRecordAndRestoredAtTheNextStart() throws Exception {
        try (MapDbRecordStore store = openStore()) {
            read(open(store), 9.0);
            Await.until("the raise committed", () -> store.state(Alarms.STATE_NAME).isPresent());
        }
        try (MapDbRecordStore store = openStore()) {
            Alarms after = open(store);
            assertEquals(List.of("high"), after.active().stream().map(ActiveAlarm::name).toList());
            read(after, 9.5);
            read(after, 7.0);
            Await.until("the clear committed", () -> alarmRecords(store).size() == 2);
            assertEquals(List.of("alarm-raised", "alarm-cleared"), alarmRecords(store));
            assertFalse(new String(store.state(Alarms.STATE_NAME).orElseThrow(), StandardCharsets.UTF_8).contains("high"));
        }
        assertFalse(Files.exists(dataDir.resolve(AlarmStateFile.NAME)));
        assertEquals(List.of(), events);
    }

    @Test
    void theStateFileOfAnOlderBuildIsTakenOverByTheStore() throws Exception {
        // The file as an older build wrote it (its writer's very calls), for "high" raised under the same rule.
        String rule = new AlarmTracker(HIGH, 0).rule();
        Map<String, Object> raise = Map.of("alarm", "high", "tag", "press1/pressure", "value", 9.0);
        Files.write(dataDir.resolve(AlarmStateFile.NAME), JsonOutput.bytes(512, out -> {
            out.startObject().field("seq", 4L).name("active").startArray();
            out.startObject().field("name", "high").field("severity", "major").field("raised_at", 999_000L)
                    .field("rule", rule).name("raise").plain(raise).endObject();
            out.endArray().name("last").startObject().field("type", "alarm-raised").name("fields")
                    .plain(raise).endObject().endObject();
        }));
        try (MapDbRecordStore store = openStore()) {
            Alarms first = open(store);
            assertEquals(List.of("high"), first.active().stream().map(ActiveAlarm::name).toList(), "read from the file");
            read(first, 9.2);
            read(first, 7.5);
            Await.until("the clear committed", () -> !Files.exists(dataDir.resolve(AlarmStateFile.NAME)));
            assertEquals(List.of("alarm-cleared"), alarmRecords(store), "not raised again");
        }
        try (MapDbRecordStore store = openStore()) {
            assertEquals(List.of(), open(store).active());
        }
        assertEquals(List.of(), events);
    }
}
