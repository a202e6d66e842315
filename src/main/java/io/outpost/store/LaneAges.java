package io.outpost.store;

import io.outpost.value.Lane;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * When the records of each lane were appended, to about a second, so the age of the oldest waiting
 * record can be told without reading it from disk. A mark {@code (seq, time)}, "records up to seq were there at time", is taken at most once a
 * second per lane after a commit; the oldest record's age is read from the first mark at or above its
 * seq (it is never over the true age, and under it by at most the gap between marks). At most
 * {@value #MAX_MARKS} marks per lane: when full, every other one goes and new ones come twice as far
 * apart (a backlog of a day keeps marks about two minutes apart); as the backlog drains they come
 * closer again. Records that were in the queue before this start count from the start.
 *
 * <p>Marked on the {@code store-writer} thread, read by any; the lock is held for a map operation.
 */
public final class LaneAges {

    static final int MAX_MARKS = 1024;
    private static final long MARK_EVERY_MILLIS = 1000;

    private final Map<Lane, TreeMap<Long, Long>> marks = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> lastMark = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> markEvery = new EnumMap<>(Lane.class);

    /** Starts with the records already queued ({@code lastSeq} of each lane) marked at {@code startMillis}. */
    public LaneAges(Map<Lane, Long> lastSeqAtStart, long startMillis) {
        for (Lane lane : Lane.values()) {
            TreeMap<Long, Long> lanes = new TreeMap<>();
            lanes.put(lastSeqAtStart.getOrDefault(lane, 0L), startMillis);
            marks.put(lane, lanes);
            markEvery.put(lane, MARK_EVERY_MILLIS);
        }
    }

    /** Records up to {@code lastSeq} of {@code lane} are in the store as of {@code nowMillis}. */
    public synchronized void appended(Lane lane, long lastSeq, long nowMillis) {
        Long previous = lastMark.get(lane);
        if (previous != null && nowMillis - previous < markEvery.get(lane)) {
            return;
        }
        TreeMap<Long, Long> lanes = marks.get(lane);
        if (lanes.containsKey(lastSeq)) {
            return;
        }
        lanes.put(lastSeq, nowMillis);
        lastMark.put(lane, nowMillis);
        if (lanes.size() > MAX_MARKS) {
            boolean drop = false;
            for (var it = lanes.keySet().iterator(); it.hasNext(); ) {
                it.next();
                if (drop) {
                    it.remove();
                }
                drop = !drop;
            }
            // Marks stay evenly spread: the new ones come as far apart as the thinned old ones.
            markEvery.put(lane, markEvery.get(lane) * 2);
        }
    }

    /**
     * Age in ms of the record {@code firstSeq} (the oldest waiting, 0 when the lane is empty) at
     * {@code nowMillis}; 0 for an empty lane. Marks below it are forgotten: those records are gone.
     */
    public synchronized long oldestAgeMillis(Lane lane, long firstSeq, long nowMillis) {
        if (firstSeq <= 0) {
            return 0;
        }
        TreeMap<Long, Long> lanes = marks.get(lane);
        // The first mark at or above firstSeq says the record was there by then; without one (appended
        // since the last mark) the newest mark below says it came after that.
        Map.Entry<Long, Long> atOrAbove = lanes.ceilingEntry(firstSeq);
        Map.Entry<Long, Long> below = lanes.lowerEntry(firstSeq);
        if (below != null) {
            lanes.headMap(below.getKey(), false).clear();
            if (lanes.size() < MAX_MARKS / 4 && markEvery.get(lane) > MARK_EVERY_MILLIS) {
                markEvery.put(lane, markEvery.get(lane) / 2);
            }
        }
        long appended = atOrAbove != null ? atOrAbove.getValue() : below != null ? below.getValue() : nowMillis;
        return Math.max(0, nowMillis - appended);
    }
}
