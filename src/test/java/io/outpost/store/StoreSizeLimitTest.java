package io.outpost.store;

import static io.outpost.store.MapDbRecordStoreTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StoreSizeLimitTest {

    /** Payload length of an ordinary record in these tests; the store holds exactly {@link #SLOTS} of them. */
    private static final int RECORD = 1000;
    private static final int SLOTS = 10;
    private static final long ONE = StoreSpace.footprint(RECORD);
    private static final long MAX_SIZE = SLOTS * ONE;

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();
    private final DropLog drops = stores.drops;

    private MapDbRecordStore open(OnFull onFull) throws Exception {
        return stores.open(dir, MAX_SIZE, onFull);
    }

    private static StoredRecord append(RecordStore store, Lane lane, int length) throws Exception {
        return store.append(lane, seq -> Payloads.sized(lane, seq, length)).get(30, TimeUnit.SECONDS);
    }

    private static void fill(RecordStore store, Lane lane, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            append(store, lane, RECORD);
        }
    }

    private static Throwable refusal(RecordStore store, Lane lane, int length) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> append(store, lane, length));
        return e.getCause();
    }

    private static List<Long> seqs(RecordStore store, Lane lane) {
        return store.read(lane, 0, 1000).stream().map(StoredRecord::seq).toList();
    }

    @Test
    void dropsOldestTelemetryButKeepsAlarmsWhenFull() throws Exception {
        MapDbRecordStore store = open(OnFull.DROP_OLDEST);
        fill(store, Lane.ALARMS, 3);
        fill(store, Lane.TELEMETRY, 7);

        // needs the room of three ordinary records
        assertTrue(StoreSpace.footprint(3000) > 2 * ONE && StoreSpace.footprint(3000) <= 3 * ONE);
        StoredRecord big = append(store, Lane.TELEMETRY, 3000);

        assertEquals(8, big.seq());
        assertEquals(List.of(new DropLog.Drop(Lane.TELEMETRY, 1, 3, 3, StoreWriter.SIZE_LIMIT_REASON)), drops.drops());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(store, Lane.TELEMETRY));
        assertEquals(List.of(1L, 2L, 3L), seqs(store, Lane.ALARMS));
        assertEquals(3, store.stats(Lane.TELEMETRY).droppedRecords());
        assertEquals(0, store.stats(Lane.ALARMS).droppedRecords());
        assertTrue(store.usedBytes() <= MAX_SIZE);
    }

    @Test
    void alarmsPushOutTelemetryFirstThenEventsAndOldAlarmsLast() throws Exception {
        MapDbRecordStore store = open(OnFull.DROP_OLDEST);
        fill(store, Lane.TELEMETRY, 2);
        fill(store, Lane.EVENTS, 2);
        fill(store, Lane.ALARMS, 6);

        fill(store, Lane.ALARMS, 5);

        List<DropLog.Drop> expected = List.of(
                new DropLog.Drop(Lane.TELEMETRY, 1, 1, 1, StoreWriter.SIZE_LIMIT_REASON),
                new DropLog.Drop(Lane.TELEMETRY, 2, 2, 1, StoreWriter.SIZE_LIMIT_REASON),
                new DropLog.Drop(Lane.EVENTS, 1, 1, 1, StoreWriter.SIZE_LIMIT_REASON),
                new DropLog.Drop(Lane.EVENTS, 2, 2, 1, StoreWriter.SIZE_LIMIT_REASON),
                new DropLog.Drop(Lane.ALARMS, 1, 1, 1, StoreWriter.SIZE_LIMIT_REASON));
        assertEquals(expected, drops.drops());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), seqs(store, Lane.ALARMS));
    }

    @Test
    void telemetryNeverPushesOutAlarmsOrEvents() throws Exception {
        MapDbRecordStore store = open(OnFull.DROP_OLDEST);
        fill(store, Lane.ALARMS, 6);
        fill(store, Lane.EVENTS, 4);

        Throwable refused = refusal(store, Lane.TELEMETRY, RECORD);

        assertInstanceOf(StoreFullException.class, refused);
        assertTrue(drops.drops().isEmpty());
        assertEquals(0, store.stats(Lane.TELEMETRY).lastSeq(), "a refused record uses up no seq");

        // an event may push out an older event, never an alarm
        append(store, Lane.EVENTS, RECORD);
        assertEquals(List.of(new DropLog.Drop(Lane.EVENTS, 1, 1, 1, StoreWriter.SIZE_LIMIT_REASON)), drops.drops());
        assertEquals(6, store.stats(Lane.ALARMS).depth());
    }

    @Test
    void rejectNewRefusesTelemetryAndEventsWhenFullAndKeepsTheirSeq() throws Exception {
        MapDbRecordStore store = open(OnFull.REJECT_NEW);
        fill(store, Lane.TELEMETRY, SLOTS);

        Throwable refused = refusal(store, Lane.TELEMETRY, RECORD);
        assertInstanceOf(StoreFullException.class, refused);
        assertTrue(refused.getMessage().contains("reject-new"), refused.getMessage());
        assertInstanceOf(StoreFullException.class, refusal(store, Lane.EVENTS, 10));
        assertTrue(drops.drops().isEmpty());

        store.acknowledge(Lane.TELEMETRY, 1);
        awaitTrue("acknowledgement applied", () -> store.stats(Lane.TELEMETRY).depth() == SLOTS - 1);
        assertEquals(SLOTS + 1, append(store, Lane.TELEMETRY, RECORD).seq());
    }

    @Test
    void rejectNewStillMakesRoomForAlarmsByDroppingOldestTelemetry() throws Exception {
        MapDbRecordStore store = open(OnFull.REJECT_NEW);
        fill(store, Lane.EVENTS, 2);
        fill(store, Lane.TELEMETRY, 8);

        assertEquals(1, append(store, Lane.ALARMS, RECORD).seq());
        assertEquals(2, append(store, Lane.ALARMS, RECORD).seq());

        assertEquals(List.of(
                new DropLog.Drop(Lane.TELEMETRY, 1, 1, 1, StoreWriter.SIZE_LIMIT_REASON),
                new DropLog.Drop(Lane.TELEMETRY, 2, 2, 1, StoreWriter.SIZE_LIMIT_REASON)), drops.drops());
        assertEquals(List.of(1L, 2L), seqs(store, Lane.EVENTS));
    }

    @Test
    void rejectNewRefusesAnAlarmWhenOnlyAlarmsFillTheStore() throws Exception {
        MapDbRecordStore store = open(OnFull.REJECT_NEW);
        fill(store, Lane.ALARMS, SLOTS);

        assertInstanceOf(StoreFullException.class, refusal(store, Lane.ALARMS, RECORD));
        assertTrue(drops.drops().isEmpty());
        assertEquals(SLOTS, store.stats(Lane.ALARMS).depth());
    }

    @Test
    void anAlarmThatCannotFitEvenAfterDroppingTelemetryDropsNothing() throws Exception {
        MapDbRecordStore store = open(OnFull.REJECT_NEW);
        fill(store, Lane.ALARMS, 8);
        fill(store, Lane.TELEMETRY, 2);

        assertInstanceOf(StoreFullException.class, refusal(store, Lane.ALARMS, 3000));
        assertTrue(drops.drops().isEmpty());
        assertEquals(2, store.stats(Lane.TELEMETRY).depth());
    }

    @Test
    void dropListenerGetsOneCallPerContiguousRange() throws Exception {
        MapDbRecordStore store = open(OnFull.DROP_OLDEST);
        fill(store, Lane.TELEMETRY, SLOTS);
        store.acknowledge(Lane.TELEMETRY, 2);
        awaitTrue("acknowledgement applied", () -> store.stats(Lane.TELEMETRY).depth() == SLOTS - 1);

        // needs more than two records' room and at most three: drops 1, 3 and 4 (2 was delivered)
        assertTrue(StoreSpace.footprint(4000) > 3 * ONE - ONE && StoreSpace.footprint(4000) <= 4 * ONE);
        append(store, Lane.TELEMETRY, 4000);

        assertEquals(List.of(
                new DropLog.Drop(Lane.TELEMETRY, 1, 1, 1, StoreWriter.SIZE_LIMIT_REASON),
                new DropLog.Drop(Lane.TELEMETRY, 3, 4, 2, StoreWriter.SIZE_LIMIT_REASON)), drops.drops());
        assertEquals(3, store.stats(Lane.TELEMETRY).droppedRecords());
    }

    @Test
    void droppedCountsSurviveReopen() throws Exception {
        MapDbRecordStore store = open(OnFull.DROP_OLDEST);
        fill(store, Lane.TELEMETRY, SLOTS + 4);
        store.close();

        MapDbRecordStore reopened = open(OnFull.DROP_OLDEST);
        LaneStats stats = reopened.stats(Lane.TELEMETRY);
        assertEquals(4, stats.droppedRecords());
        assertEquals(SLOTS, stats.depth());
        assertEquals(5, stats.firstSeq());
        assertEquals(SLOTS + 4, stats.lastSeq());
    }

    @Test
    void aRecordLargerThanTheWholeStoreIsRefusedWithoutDroppingAnything() throws Exception {
        MapDbRecordStore store = open(OnFull.DROP_OLDEST);
        fill(store, Lane.TELEMETRY, 3);

        assertInstanceOf(StoreFullException.class, refusal(store, Lane.ALARMS, (int) MAX_SIZE));
        assertTrue(drops.drops().isEmpty());
        assertEquals(3, store.stats(Lane.TELEMETRY).depth());
    }

    @Test
    void aDropListenerMayReportTheDropAsAnEventRecord() throws Exception {
        List<CompletableFuture<StoredRecord>> reports = new CopyOnWriteArrayList<>();
        MapDbRecordStore[] holder = new MapDbRecordStore[1];
        MapDbRecordStore store = stores.open(dir, MAX_SIZE, OnFull.DROP_OLDEST,
                (lane, first, last, count, reason) -> reports.add(holder[0].append(Lane.EVENTS,
                        seq -> ("dropped " + lane.wireName() + " " + first + ".." + last).getBytes(StandardCharsets.UTF_8))),
                StoreOptions.defaults());
        holder[0] = store;
        fill(store, Lane.TELEMETRY, SLOTS);

        append(store, Lane.TELEMETRY, RECORD);

        awaitTrue("drop reported", () -> !reports.isEmpty());
        StoredRecord event = reports.get(0).get(30, TimeUnit.SECONDS);
        assertEquals("dropped telemetry 1..1", new String(event.payload(), StandardCharsets.UTF_8));
        // the event itself needed room, and only telemetry could give it
        assertEquals(Lane.EVENTS, event.lane());
        assertTrue(store.usedBytes() <= MAX_SIZE);
    }
}
