package io.outpost.uplink;

import io.outpost.value.Lane;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per lane, the seqs the broker has acknowledged that the store may still hand out: the store
 * removes a record with a later commit (it lets removals wait for the next append, and a telemetry
 * record until the tag time marks cover it, up to about a second). A new connection reads every lane
 * from the store's head, and without this those records went out again, duplicates from outside the
 * in-flight window. Bounded per lane: a seq forgotten costs at most one duplicate, which
 * at-least-once delivery allows.
 *
 * <p>Owned by the {@code uplink} thread; not thread-safe.
 */
final class AcknowledgedSeqs {

    /** Some seconds of records at the highest rates the gateway is built for. */
    static final int LIMIT_PER_LANE = 4_096;

    private final Map<Lane, TreeSet<Long>> seqs = new EnumMap<>(Lane.class);

    AcknowledgedSeqs() {
        for (Lane lane : Lane.values()) {
            seqs.put(lane, new TreeSet<>());
        }
    }

    void add(Lane lane, long seq) {
        TreeSet<Long> acknowledged = seqs.get(lane);
        acknowledged.add(seq);
        if (acknowledged.size() > LIMIT_PER_LANE) {
            acknowledged.pollFirst();
        }
    }

    boolean contains(Lane lane, long seq) {
        return seqs.get(lane).contains(seq);
    }

    /**
     * A read of {@code lane} after {@code afterSeq} found {@code firstFound} as its first record
     * ({@link Long#MAX_VALUE} when it found none): the seqs between are out of the store.
     */
    void gone(Lane lane, long afterSeq, long firstFound) {
        seqs.get(lane).subSet(afterSeq, false, firstFound, false).clear();
    }

    int size(Lane lane) {
        return seqs.get(lane).size();
    }
}
