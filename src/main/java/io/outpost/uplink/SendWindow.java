package io.outpost.uplink;

import io.outpost.config.BackoffConfig;
import io.outpost.value.Backoff;
import io.outpost.value.Lane;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What is on the wire for one connection: the records published and not yet acknowledged (at most
 * {@link #limit()} of them), how far each lane has been read, and which lanes are held back after
 * the broker refused one of their records.
 *
 * <p>A refused record stays in the store. Its lane is held for a backoff delay (growing while the
 * same record keeps being refused), then read again from the store's head once the lane has nothing
 * left in flight, so the record goes out again in order and the lane never spins on it.
 *
 * <p>Owned by the {@code uplink} thread; not thread-safe.
 */
final class SendWindow {

    private record Key(Lane lane, long seq) {
    }

    private final Set<Key> inflight = new HashSet<>();
    private final Map<Lane, Integer> inflightPerLane = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> cursor = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> heldUntil = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> refusedSeq = new EnumMap<>(Lane.class);
    private final Map<Lane, Backoff> refusalBackoff = new EnumMap<>(Lane.class);
    private int limit;

    SendWindow(BackoffConfig refusalDelays, Random random) {
        for (Lane lane : Lane.values()) {
            refusalBackoff.put(lane, refusalDelays.newBackoff(random));
        }
        reset(0);
    }

    /** A new connection (or none, with 0): nothing in flight, every lane read again from its head. */
    void reset(int newLimit) {
        limit = newLimit;
        inflight.clear();
        for (Lane lane : Lane.values()) {
            inflightPerLane.put(lane, 0);
            cursor.put(lane, 0L);
            heldUntil.remove(lane);
            refusedSeq.remove(lane);
            refusalBackoff.get(lane).reset();
        }
    }

    int limit() {
        return limit;
    }

    int inflight() {
        return inflight.size();
    }

    int free() {
        return Math.max(0, limit - inflight.size());
    }

    /** The seq after which {@code lane} is read next. */
    long cursor(Lane lane) {
        return cursor.get(lane);
    }

    /**
     * Whether {@code lane} may be read now. A held lane whose delay has passed is rewound here, once
     * its last in-flight record has been answered.
     */
    boolean mayRead(Lane lane, long nowNanos) {
        Long until = heldUntil.get(lane);
        if (until == null) {
            return true;
        }
        if (nowNanos - until < 0 || inflightPerLane.get(lane) > 0) {
            return false;
        }
        heldUntil.remove(lane);
        cursor.put(lane, 0L);
        return true;
    }

    void published(Lane lane, long seq) {
        inflight.add(new Key(lane, seq));
        inflightPerLane.merge(lane, 1, Integer::sum);
        cursor.put(lane, seq);
    }

    /** A record the broker already has: read past it without sending it. */
    void skipped(Lane lane, long seq) {
        cursor.put(lane, seq);
    }

    /** The broker took the record. Returns false if it was not in this window (an older connection's). */
    boolean acknowledged(Lane lane, long seq) {
        if (!remove(lane, seq)) {
            return false;
        }
        Long refused = refusedSeq.get(lane);
        if (refused != null && refused == seq) {
            refusedSeq.remove(lane);
            refusalBackoff.get(lane).reset();
        }
        return true;
    }

    /**
     * The broker (or the client) refused the record: hold its lane. The hold grows one backoff step
     * per rewind cycle while records keep being refused, and starts again from the first step once
     * the refused record is accepted. Returns the hold, or null if the record was not in this window.
     */
    Duration refused(Lane lane, long seq, long nowNanos) {
        if (!remove(lane, seq)) {
            return null;
        }
        refusedSeq.put(lane, seq);
        Long until = heldUntil.get(lane);
        if (until != null && until - nowNanos > 0) {
            // Several records of one burst refused: one hold for all of them.
            return Duration.ofNanos(until - nowNanos);
        }
        Duration hold = refusalBackoff.get(lane).nextDelay();
        heldUntil.put(lane, nowNanos + hold.toNanos());
        return hold;
    }

    /**
     * Nanos until the earliest hold still running ends (so the thread wakes for it), or {@code fallback}
     * if none. A hold whose time is up but whose lane still waits for PUBACKs is not counted: those
     * PUBACKs wake the thread themselves.
     */
    long nanosUntilNextRelease(long nowNanos, long fallback) {
        long best = fallback;
        for (long until : heldUntil.values()) {
            long left = until - nowNanos;
            if (left > 0) {
                best = Math.min(best, left);
            }
        }
        return best;
    }

    private boolean remove(Lane lane, long seq) {
        if (!inflight.remove(new Key(lane, seq))) {
            return false;
        }
        inflightPerLane.merge(lane, -1, Integer::sum);
        return true;
    }
}
