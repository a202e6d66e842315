package io.outpost.manage;

import io.outpost.store.LaneStats;
import io.outpost.store.RecordStore;
import io.outpost.value.Lane;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code queue-purge {"lane":"telemetry"}} (local socket only): removes the records the lane holds now,
 * seq {@code first_seq..last_seq}, and nothing else: a record stored while it runs has a later seq and
 * stays. Answers with the range and count, also an event {@code purged}. The removals go to the store in
 * chunks, each waited for, so a full queue never turns into a million pending removals in memory.
 */
public final class QueuePurgeCommand implements CommandHandler {

    private static final int CHUNK = 4096;
    private static final Duration CHUNK_DEADLINE = Duration.ofSeconds(30);

    private final RecordStore store;
    private final EventSink events;

    public QueuePurgeCommand(RecordStore store, EventSink events) {
        this.store = store;
        this.events = events;
    }

    @Override
    public List<String> fields() {
        return List.of("lane");
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException {
        Lane lane = LaneReport.named(request.get("lane"));
        LaneStats before = store.stats(lane);
        Map<String, Object> purged = new LinkedHashMap<>();
        purged.put("lane", lane.wireName());
        purged.put("first_seq", before.depth() == 0 ? 0 : before.firstSeq());
        purged.put("last_seq", before.depth() == 0 ? 0 : before.lastSeq());
        purged.put("count", before.depth());
        if (before.depth() == 0) {
            return purged;
        }
        for (long from = before.firstSeq(); from <= before.lastSeq(); from += CHUNK) {
            long to = Math.min(before.lastSeq(), from + CHUNK - 1);
            for (long seq = from; seq <= to; seq++) {
                store.acknowledge(lane, seq);
            }
            awaitRemoved(lane, to, before);
        }
        Map<String, Object> event = new LinkedHashMap<>(purged);
        event.put("reason", "outpost queue purge");
        events.record("purged", event);
        return purged;
    }

    private void awaitRemoved(Lane lane, long upTo, LaneStats before) throws CommandRefusedException {
        long deadline = System.nanoTime() + CHUNK_DEADLINE.toNanos();
        while (true) {
            LaneStats now = store.stats(lane);
            if (now.depth() == 0 || now.firstSeq() > upTo) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CommandRefusedException("the store did not remove " + lane.wireName() + " records up to seq "
                        + upTo + " within " + CHUNK_DEADLINE.toSeconds() + " s; records " + before.firstSeq() + ".."
                        + (now.firstSeq() - 1) + " are gone, the rest stays; look at the daemon's log");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandRefusedException("interrupted while purging " + lane.wireName());
            }
        }
    }
}
