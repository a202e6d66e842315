package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.testing.InMemoryRecordStore;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events the store refuses (a full disk refuses the very events that say samples were refused) wait
 * and are stored, in order and with their own ts, once the store stores again; past the bound the
 * oldest go and one event counts them.
 */
class EventRecorderWaitingTest {

    private final InMemoryRecordStore store = new InMemoryRecordStore();
    private long now = 1_000;
    private final EventRecorder events = new EventRecorder(store, new RecordEncoder("gw", "boot"), () -> now);

    @Test
    void eventsRefusedByAFullStoreAreStoredInOrderOnceItStoresAgain() {
        events.record("first", Map.of());
        store.failAppends(true);
        events.record("refused", Map.of("samples", 500));
        now = 2_000;
        events.record("refused", Map.of("samples", 300));
        events.retryWaiting(); // still full: they keep waiting
        store.failAppends(false);
        events.record("meanwhile", Map.of());
        assertEquals(List.of("first"), types(), "new events queue behind the waiting ones");

        events.retryWaiting();
        assertEquals(List.of("first", "refused", "refused", "meanwhile"), types());
        assertEquals(List.of(1_000L, 1_000L, 2_000L, 2_000L), stored().stream().map(e -> e.get("ts").asLong()).toList(),
                "each with the ts it happened at");
    }

    @Test
    void pastTheBoundTheOldestGoAndOneEventCountsThem() {
        store.failAppends(true);
        for (int i = 0; i < EventRecorder.MAX_WAITING + 5; i++) {
            events.record("refused", Map.of("n", i));
        }
        store.failAppends(false);
        events.retryWaiting();
        List<com.fasterxml.jackson.databind.JsonNode> stored = stored();
        assertEquals(EventRecorder.MAX_WAITING + 1, stored.size());
        assertEquals("events-not-stored", stored.get(0).get("type").asText());
        assertEquals(5, stored.get(0).get("count").asLong());
        assertEquals(5, stored.get(1).get("n").asLong(), "the oldest five went");
    }

    private List<com.fasterxml.jackson.databind.JsonNode> stored() {
        return store.read(Lane.EVENTS, 0, 1_000).stream().map(r -> JsonRecords.tree(r.payload())).toList();
    }

    private List<String> types() {
        return stored().stream().map(e -> e.get("type").asText()).toList();
    }
}
