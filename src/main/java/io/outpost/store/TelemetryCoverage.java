package io.outpost.store;

import io.outpost.value.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the store writes its {@link TelemetryCover}, and what waits for it.
 *
 * <p>Written before every commit that appends records, the cover (the time marks, ~23 KB at 1,000
 * tags) cost an {@code fsync} per commit: ten a second at 10,000 samples/s, wear an SD card feels.
 * It is written at most once per {@link #INTERVAL_NANOS} instead, and the guarantee is kept by what
 * may leave the store: a telemetry record above the covered seq is never removed (its acknowledgement
 * is held here until a write reaches it) nor dropped (a drop of one forces a write first). So every
 * record the cover on disk does not reach is still in the store, where a restart reads it.
 *
 * <p>Held removals wait for the next write that is due, then go like any removal: with the next
 * commit that appends, or alone once they have lingered. When that write fails they go all the same
 * (the cover's owner reports that it is not kept); a store without a cover holds nothing.
 *
 * <p>Owned by the writer thread; only {@link #attach} comes from another.
 */
final class TelemetryCoverage {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryCoverage.class);
    private static final long NEVER = Long.MIN_VALUE;

    private volatile TelemetryCover cover;
    /** The highest telemetry seq the cover on disk reaches; 0 until this process wrote it once. */
    private long coveredSeq;
    /** When the last write was tried, successful or not, so a failing disk is tried once per interval too. */
    private long lastWriteNanos = NEVER;
    private final List<StoreInbox.PendingRemoval> held = new ArrayList<>();

    void attach(TelemetryCover telemetryCover) {
        Objects.requireNonNull(telemetryCover, "telemetryCover");
        if (cover != null) {
            throw new IllegalStateException("the store has a telemetry cover already");
        }
        cover = telemetryCover;
    }

    /**
     * Keeps back the removal of a telemetry record the cover does not reach yet; false when it may go
     * now. A seq above {@code lastSeq} names no record, so there is nothing to keep back.
     */
    boolean hold(StoreInbox.PendingRemoval removal, long lastSeq) {
        if (cover == null || removal.lane() != Lane.TELEMETRY || removal.seq() <= coveredSeq
                || removal.seq() > lastSeq) {
            return false;
        }
        held.add(removal);
        return true;
    }

    boolean holding() {
        return !held.isEmpty();
    }

    /** Whether the held removals could go in a round starting now: the write they wait for is due. */
    boolean releasable(long nowNanos) {
        return holding() && due(nowNanos);
    }

    /** How long until the next write is due; 0 when it is. */
    long nanosUntilDue(long nowNanos) {
        return lastWriteNanos == NEVER ? 0 : Math.max(0, lastWriteNanos + INTERVAL_NANOS - nowNanos);
    }

    /** Whether dropping telemetry record {@code seq} loses nothing a restart needs. */
    boolean reaches(long seq) {
        return cover == null || seq <= coveredSeq;
    }

    /** Whether the cover lags the telemetry lane or removals wait for it: what a last write at close settles. */
    boolean behind(long lastSeq) {
        return cover != null && (lastSeq > coveredSeq || holding());
    }

    /**
     * Before a commit after which the telemetry lane ends at {@code lastSeq}: writes the cover up to it
     * when a write is due and the round appended telemetry or removals wait, or whatever the time when
     * {@code force}d (an uncovered record is being dropped, the store is closing). Returns the held
     * removals to apply before the commit: those the write reaches, or all of them when it failed.
     */
    List<StoreInbox.PendingRemoval> beforeCommit(long lastSeq, boolean appendedTelemetry, boolean force,
            long nowNanos) {
        TelemetryCover telemetryCover = cover;
        if (telemetryCover == null) {
            return List.of();
        }
        if (lastSeq > coveredSeq && (force || due(nowNanos) && (appendedTelemetry || holding()))) {
            lastWriteNanos = nowNanos;
            if (write(telemetryCover, lastSeq)) {
                coveredSeq = lastSeq;
            } else {
                // The data path never waits on the cover: held, the records would pile up in the store
                // for as long as the disk refuses the write, and be sent again and again. The cover's
                // owner has said that order across a restart is not kept meanwhile.
                List<StoreInbox.PendingRemoval> released = List.copyOf(held);
                held.clear();
                return released;
            }
        }
        List<StoreInbox.PendingRemoval> released = new ArrayList<>();
        held.removeIf(removal -> removal.seq() <= coveredSeq && released.add(removal));
        return released;
    }

    private static boolean write(TelemetryCover telemetryCover, long upToSeq) {
        try {
            return telemetryCover.cover(upToSeq);
        } catch (RuntimeException e) {
            LOG.warn("event=telemetry-cover-failed error={}", QueueFile.describe(e));
            return false;
        }
    }

    /**
     * The round's commit failed: its seqs may be handed out again for other records, which the last
     * write does not cover, so the cover reaches no further than what was committed before the round,
     * and the next round that appends writes it first, due or not.
     */
    void commitFailed(long committedLastSeq) {
        coveredSeq = Math.min(coveredSeq, committedLastSeq);
        lastWriteNanos = NEVER;
    }

    private boolean due(long nowNanos) {
        return lastWriteNanos == NEVER || nowNanos - lastWriteNanos >= INTERVAL_NANOS;
    }
}
