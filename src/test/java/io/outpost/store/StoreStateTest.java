package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Named states committed with a record ({@link StoreState}) on a real store file. */
class StoreStateTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenStores stores = new OpenStores();

    private static StoreState state(String text) {
        return new StoreState("alarms-active", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Optional<byte[]> bytes) {
        return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("(none)");
    }

    private static StoredRecord appendWith(RecordStore store, StoreState state) throws Exception {
        return store.append(Lane.ALARMS, seq -> Payloads.of(Lane.ALARMS, seq), state).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theLastStateCommittedWithARecordIsReadBackAfterAReopen() throws Exception {
        MapDbRecordStore store = stores.open(dir);
        assertEquals("(none)", text(store.state("alarms-active")));
        appendWith(store, state("one"));
        StoredRecord second = appendWith(store, state("two"));
        MapDbRecordStoreTest.append(store, Lane.ALARMS); // a record without a state leaves it as it is
        assertEquals("two", text(store.state("alarms-active")));
        store.close();

        MapDbRecordStore reopened = stores.open(dir);
        assertEquals("two", text(reopened.state("alarms-active")));
        assertEquals("(none)", text(reopened.state("other")));
        assertArrayEquals(Payloads.of(Lane.ALARMS, second.seq()), reopened.read(Lane.ALARMS, 1, 1).get(0).payload());
        assertEquals(3, reopened.stats(Lane.ALARMS).lastSeq());
    }

    @Test
    void aFileWrittenWithoutStatesOpensWithNoneAndTakesOne() throws Exception {
        // Nothing about states is written before the first one: this file is what older builds wrote.
        MapDbRecordStore store = stores.open(dir);
        MapDbRecordStoreTest.append(store, Lane.ALARMS);
        MapDbRecordStoreTest.append(store, Lane.TELEMETRY);
        store.close();

        MapDbRecordStore reopened = stores.open(dir);
        assertTrue(reopened.recoveredFrom().isEmpty());
        assertEquals("(none)", text(reopened.state("alarms-active")));
        assertEquals(2, appendWith(reopened, state("raised")).seq());
        reopened.close();
        assertEquals("raised", text(stores.open(dir).state("alarms-active")));
    }

    @Test
    void aRecordTheStoreRefusesLeavesTheStateAsItWas() throws Exception {
        MapDbRecordStore store = stores.open(dir, 4_000, OnFull.REJECT_NEW);
        appendWith(store, state("before"));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> store.append(Lane.ALARMS,
                seq -> Payloads.sized(Lane.ALARMS, seq, 5_000), state("after")).get(30, TimeUnit.SECONDS));
        assertInstanceOf(StoreFullException.class, refused.getCause());
        assertEquals("before", text(store.state("alarms-active")));
        store.close();
        assertEquals("before", text(stores.open(dir).state("alarms-active")));
    }

    @Test
    void aStateAboveItsLimitIsRefusedWithTheReasonAndOneAtTheLimitIsKept() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StoreState("alarms-active", new byte[StoreState.MAX_BYTES + 1]));
        assertEquals("store state alarms-active is 65537 bytes, above the 65536 a store state may hold: not stored, "
                + "nor its record", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StoreState("Alarms/Active", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new StoreState("", new byte[1]));

        byte[] full = new byte[StoreState.MAX_BYTES];
        Arrays.fill(full, (byte) 'x');
        MapDbRecordStore store = stores.open(dir);
        appendWith(store, new StoreState("alarms-active", full));
        store.close();
        assertArrayEquals(full, stores.open(dir).state("alarms-active").orElseThrow());
    }

    @Test
    void aCompactionKeepsTheStates() throws Exception {
        MapDbRecordStore store = stores.open(dir, OpenStores.ROOMY, OnFull.DROP_OLDEST, stores.drops,
                StoreOptions.defaults().withCompactionSlackBytes(1L << 20));
        appendWith(store, state("kept"));
        for (int i = 0; i < 1_000; i++) {
            store.append(Lane.TELEMETRY, seq -> Payloads.sized(Lane.TELEMETRY, seq, 5_000));
        }
        StoredRecord last = MapDbRecordStoreTest.append(store, Lane.TELEMETRY);
        long grown = store.fileSizeBytes();
        for (long seq = 1; seq <= last.seq(); seq++) {
            store.acknowledge(Lane.TELEMETRY, seq);
        }
        MapDbRecordStoreTest.awaitTrue("file compacted", () -> store.fileSizeBytes() < grown / 2);
        assertEquals("kept", text(store.state("alarms-active")));
        store.close();
        assertEquals("kept", text(stores.open(dir).state("alarms-active")));
    }
}
