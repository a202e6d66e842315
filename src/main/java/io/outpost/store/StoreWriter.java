package io.outpost.store;

import io.outpost.threads.Heartbeat;
import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of the {@code store-writer} thread, the single owner of the store file.
 *
 * <p>Each round takes whatever waits in the {@link StoreInbox} (removals first, then appends up to
 * the batch limits), applies it to the {@link QueueFile}, commits once (group commit), and only then
 * completes the appends' futures, reports drops and tells the append listeners. The file is changed
 * and committed under {@link #lock}; readers take the same lock, so they only ever see committed
 * state. Statistics are published as an immutable snapshot after each round, so {@code stats()}
 * never waits.
 *
 * <p>A failed commit (full disk, I/O error) fails the round's appends, then the file is reopened from
 * disk, which brings back exactly its last committed state. If the commit failed before its commit
 * point (a full disk always does: the file grows before the journal is written) its seqs are handed
 * out again, so seqs stay gap-free; if it failed later, it may yet be on disk, so its seqs are never
 * used again. If the file cannot be reopened, the store is unavailable and each later round tries
 * again before failing its appends.
 *
 * <p>A {@link TelemetryCover}, once attached, is written at most once a second before a commit, and
 * telemetry records it does not reach yet stay in the file until a write does, or fails
 * ({@link TelemetryCoverage}).
 */
final class StoreWriter implements Runnable {

    static final String SIZE_LIMIT_REASON = "store.max_size reached";
    static final String CORRUPT_REASON = "record damaged on disk";

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How long acknowledgements may wait for a commit that appends records before they get one of
     * their own. PUBACKs arrive between appends; committing each alone doubled the commits (and the
     * fsyncs, and MapDB's header checksum, most of this thread's CPU) at a steady rate. Waiting costs
     * nothing in safety: a removal not yet committed only means a record may be sent again after a
     * crash, which at-least-once delivery allows.
     */
    static final long REMOVAL_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * How long a telemetry append may wait for the commit while its feed is still taking samples, so
     * that the records of one poll share it: 1,000 registers polled every 100 ms make two records of
     * 500 about 5-10 ms apart (the second half of the poll's requests), and a commit each was half the
     * writer's CPU (MapDB's header checksum, the journal, two fsyncs). What a record waits here adds to
     * its latency, within the 50 ms the gateway promises from sample to broker.
     */
    static final long APPEND_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * The feed counts as still taking samples when its last sample is at most this old: a Modbus
     * request answers in well under this on a LAN, so a poll's samples keep coming closer together.
     */
    static final long FEED_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long NO_REMOVALS = Long.MIN_VALUE;
    private static final long NOT_LINGERING = Long.MIN_VALUE;
    private static final int REMOVALS_PER_BATCH_FACTOR = 8;
    /** What a compaction may take beyond its copy, and the slowest copy rate it is allowed (an old SD card). */
    private static final long COMPACTION_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long COMPACTION_BYTES_PER_SECOND = 1L << 20;

    private final StoreFiles files;
    private final SeqReservations seqs;
    private final StoreSpace space;
    private final DropListener drops;
    private final StoreOptions options;
    private final StoreInbox inbox;
    private final StoreListeners listeners;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final TelemetryCoverage coverage = new TelemetryCoverage();
    private volatile RecordFeed feed;
    /** Beaten each time round the loop; a round that hangs (a stuck fsync) stops it. */
    private final Heartbeat heartbeat = new Heartbeat("store-writer", TimeUnit.SECONDS.toNanos(10));

    /** Guarded by {@link #lock}; null while the file cannot be opened. */
    private QueueFile file;
    /** Highest seq per lane handed to a producer in a round whose commit failed: never handed out again. */
    private final Map<Lane, Long> failedSeqFloor = new EnumMap<>(Lane.class);
    /** Set after each compaction, so a file that compaction cannot shrink is not rewritten again and again. */
    private long nextCompactionAbove;
    private boolean unavailable;

    private volatile Map<Lane, LaneStats> stats = Map.of();
    private volatile long fileLength;
    private volatile long usedBytes;
    private volatile Optional<Path> recoveredFrom;
    private volatile boolean closing;
    private volatile boolean terminated;
    /** Writer thread only: when it first saw the removals now waiting, or {@link #NO_REMOVALS}. */
    private long removalsWaitingSince = NO_REMOVALS;
    /** Writer thread only: the last round left removals behind because it took as many as a round takes. */
    private boolean removalsBacklog;
    /** Writer thread only: when the appends now waiting began to linger, or {@link #NOT_LINGERING}. */
    private long lingeringSince = NOT_LINGERING;
    /** Writer thread only: how many appends waited when the linger began. */
    private int appendsAtLingerStart;

    StoreWriter(StoreFiles files, SeqReservations seqs, QueueFileRecovery.Opened opened, StoreSpace space,
            DropListener drops, StoreOptions options, StoreInbox inbox, StoreListeners listeners, Clock clock) {
        this.files = files;
        this.seqs = seqs;
        this.file = opened.file();
        this.recoveredFrom = opened.movedAside();
        this.space = space;
        this.drops = drops;
        this.options = options;
        this.inbox = inbox;
        this.listeners = listeners;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            failedSeqFloor.put(lane, 0L);
        }
        publishStats();
    }

    // ---- what other threads may call ----

    LaneStats stats(Lane lane) {
        LaneStats s = stats.get(lane);
        return s != null ? s : new LaneStats(lane, 0, 0, 0, 0, 0);
    }

    long fileLength() {
        return fileLength;
    }

    long usedBytes() {
        return usedBytes;
    }

    Optional<Path> recoveredFrom() {
        return recoveredFrom;
    }

    boolean terminated() {
        return terminated;
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    /** From now on, writes {@code cover} before commits and keeps the records it does not reach. */
    void coverTelemetry(TelemetryCover cover) {
        coverage.attach(cover);
    }

    /** From now on, telemetry appends may wait for {@code feed}'s next record ({@link #APPEND_LINGER_NANOS}). */
    void feedFrom(RecordFeed feed) {
        this.feed = feed;
    }

    /** Asks the thread to finish what is queued, commit, close the file and end. */
    void finish() {
        closing = true;
        inbox.wake();
    }

    List<StoredRecord> read(Lane lane, long afterSeq, int max) {
        if (max <= 0) {
            return List.of();
        }
        lock.lock();
        try {
            if (file == null) {
                throw new StoreUnavailableException("store file cannot be opened at the moment: " + files.queue());
            }
            List<Long> corrupt = new ArrayList<>();
            List<StoredRecord> records = file.lane(lane).read(afterSeq, max, corrupt);
            for (long seq : corrupt) {
                LOG.warn("event=store-record-damaged action=dropped lane={} seq={}", lane.wireName(), seq);
                inbox.remove(new StoreInbox.PendingRemoval(lane, seq, true));
            }
            return records;
        } finally {
            lock.unlock();
        }
    }

    /** The state {@code name} as of the last commit. */
    Optional<byte[]> state(String name) {
        lock.lock();
        try {
            if (file == null) {
                throw new StoreUnavailableException("store file cannot be opened at the moment: " + files.queue());
            }
            return file.state(name);
        } finally {
            lock.unlock();
        }
    }

    // ---- the writer thread ----

    @Override
    public void run() {
        try {
            while (!closing || inbox.hasWork()) {
                long park = parkNanos();
                heartbeat.beat(park);
                inbox.awaitAppends(park);
                if (inbox.hasAppends() && lingered()) {
                    continue;
                }
                lingeringSince = NOT_LINGERING;
                if (inbox.hasAppends() || closing || removalsDue()) {
                    long roundStart = System.nanoTime();
                    runRoundSafely();
                    // Removals left after a round (more than one round takes) go at once; removals that
                    // came during it wait for the next appends from now, not from an older mark.
                    removalsWaitingSince = !inbox.hasRemovals() ? NO_REMOVALS
                            : removalsBacklog ? roundStart - REMOVAL_LINGER_NANOS : roundStart;
                }
            }
            if (coverage.behind(telemetryLastSeq())) {
                // closing: the cover reaches the last record and the held acknowledgements go, so a
                // clean stop leaves nothing to scan or to send again
                runRoundSafely();
            }
        } finally {
            terminated = true;
            failLeftovers();
            closeFile();
        }
    }

    /**
     * Waits a little for more appends instead of committing now, when only telemetry waits, the round
     * has room, the feed is still taking samples, and the linger has not run out. It ends as soon as
     * a record came since it began and the feed has none open, so the records of one poll commit the
     * moment the last of them arrives. Returns whether it waited (the caller looks again).
     */
    private boolean lingered() {
        RecordFeed source = feed;
        if (source == null || closing || !inbox.onlyTelemetryWaits()) {
            return false;
        }
        long now = System.nanoTime();
        int waiting = inbox.appendsWaiting();
        if (lingeringSince == NOT_LINGERING) {
            lingeringSince = now;
            appendsAtLingerStart = waiting;
        }
        long lastSample = source.lastSampleNanos();
        if (lastSample == Long.MIN_VALUE) {
            return false;
        }
        long quietAt = lastSample + FEED_QUIET_NANOS;
        long giveUpAt = lingeringSince + APPEND_LINGER_NANOS;
        boolean arrivedWhileLingering = waiting > appendsAtLingerStart;
        if (waiting >= options.maxBatchRecords() || now - quietAt >= 0 || now - giveUpAt >= 0
                || arrivedWhileLingering && !source.filling()) {
            return false;
        }
        inbox.awaitMore(Math.min(quietAt - now, giveUpAt - now));
        return true;
    }

    /**
     * Removals go with the next appends, or alone once the oldest has waited the linger out; removals
     * held for the telemetry cover count from when its next write is due.
     */
    private boolean removalsDue() {
        long now = System.nanoTime();
        if (!inbox.hasRemovals() && !coverage.releasable(now)) {
            removalsWaitingSince = NO_REMOVALS;
            return false;
        }
        if (removalsWaitingSince == NO_REMOVALS) {
            removalsWaitingSince = now;
        }
        return now - removalsWaitingSince >= REMOVAL_LINGER_NANOS;
    }

    private long parkNanos() {
        long now = System.nanoTime();
        if (removalsWaitingSince != NO_REMOVALS) {
            return Math.max(1, removalsWaitingSince + REMOVAL_LINGER_NANOS - now);
        }
        if (coverage.holding()) {
            return Math.max(1, Math.min(IDLE_PARK_NANOS, coverage.nanosUntilDue(now)));
        }
        return IDLE_PARK_NANOS;
    }

    /** Writer thread only: the file is changed on this thread alone, so reading it here needs no lock. */
    private long telemetryLastSeq() {
        return file == null ? 0 : file.lane(Lane.TELEMETRY).lastSeq();
    }

    private void runRoundSafely() {
        try {
            runRound();
        } catch (RuntimeException e) {
            // a defect, not an I/O failure (those are handled inside): keep the writer alive
            LOG.error("event=store-round-failed error={}", QueueFile.describe(e), e);
        }
    }

    /** The appends, failures and drops of one round, settled once the round's commit is known. */
    private static final class Round {
        final List<StoreInbox.PendingAppend> accepted = new ArrayList<>();
        final List<StoredRecord> records = new ArrayList<>();
        final List<Runnable> failures = new ArrayList<>();
        DropRanges drops = new DropRanges();
        /** The append being applied, so a failure in the middle of it fails it too. */
        StoreInbox.PendingAppend current;
        boolean changed;
        boolean committed;
        boolean appendedTelemetry;
        /** A telemetry record the cover does not reach was dropped: the cover must be written first. */
        boolean droppedUncovered;

        void accept(StoreInbox.PendingAppend append, StoredRecord record) {
            accepted.add(append);
            records.add(record);
            changed = true;
            appendedTelemetry |= record.lane() == Lane.TELEMETRY;
        }

        void fail(StoreInbox.PendingAppend append, Throwable error) {
            failures.add(() -> append.future().completeExceptionally(error));
        }
    }

    private void runRound() {
        Round round = new Round();
        lock.lock();
        try {
            if (file != null || reopen()) {
                applyAndCommit(round);
            } else {
                refuseQueued(round);
            }
        } finally {
            publishStats();
            lock.unlock();
        }
        settle(round);
    }

    private void applyAndCommit(Round round) {
        long committedTelemetry = telemetryLastSeq();
        try {
            applyRemovals(round);
            takeAppends(round);
            // After the appends, so the cover reaches the records of this commit too.
            for (StoreInbox.PendingRemoval released : coverage.beforeCommit(telemetryLastSeq(), round.appendedTelemetry,
                    round.droppedUncovered || closing, System.nanoTime())) {
                remove(released, round);
            }
            if (round.changed) {
                long started = System.nanoTime();
                file.commit();
                listeners.committed(System.nanoTime() - started);
            }
            round.committed = true;
        } catch (RuntimeException e) {
            coverage.commitFailed(committedTelemetry);
            commitFailed(round, e);
            return;
        }
        compactIfGrown(round);
    }

    private void applyRemovals(Round round) {
        int limit = options.maxBatchRecords() * REMOVALS_PER_BATCH_FACTOR;
        long lastTelemetry = telemetryLastSeq();
        StoreInbox.PendingRemoval removal;
        int n = 0;
        for (; n < limit && (removal = inbox.pollRemoval()) != null; n++) {
            if (!coverage.hold(removal, lastTelemetry)) {
                remove(removal, round);
            }
        }
        removalsBacklog = n == limit;
    }

    private void remove(StoreInbox.PendingRemoval removal, Round round) {
        if (file.lane(removal.lane()).remove(removal.seq()) >= 0) {
            round.changed = true;
            if (removal.corrupt()) {
                round.drops.add(removal.lane(), removal.seq(), CORRUPT_REASON);
            }
        }
    }

    private void takeAppends(Round round) {
        long bytes = 0;
        StoreInbox.PendingAppend append;
        for (int n = 0; n < options.maxBatchRecords() && bytes < options.maxBatchBytes()
                && (append = inbox.pollAppend()) != null; n++) {
            round.current = append;
            bytes += appendOne(append, round);
            round.current = null;
        }
    }

    /** Returns the payload bytes added to the round. */
    private int appendOne(StoreInbox.PendingAppend append, Round round) {
        if (append.future().isDone()) {
            return 0;
        }
        Lane lane = append.lane();
        LaneChain chain = file.lane(lane);
        long seq = Math.max(chain.lastSeq(), failedSeqFloor.get(lane)) + 1;
        try {
            seqs.ensureReserved(lane, seq);
        } catch (IOException e) {
            round.fail(append, new StoreUnavailableException("cannot write " + files.seqState() + ", record not stored: "
                    + QueueFile.describe(e), e));
            return 0;
        }
        byte[] payload;
        try {
            payload = append.payloadForSeq().apply(seq);
        } catch (RuntimeException e) {
            round.fail(append, e);
            return 0;
        }
        if (payload == null) {
            round.fail(append, new IllegalArgumentException("payloadForSeq returned null for " + lane.wireName() + " seq " + seq));
            return 0;
        }
        if (!makeRoom(lane, StoreSpace.footprint(payload.length), round)) {
            round.fail(append, new StoreFullException("store full (store.max_size=" + space.maxBytes() + " bytes, on_full="
                    + space.onFull().configName() + "): " + lane.wireName() + " record of " + payload.length
                    + " bytes refused"));
            return 0;
        }
        chain.add(seq, payload);
        if (append.state() != null) {
            file.stageState(append.state());
        }
        round.accept(append, new StoredRecord(lane, seq, payload));
        return payload.length;
    }

    /** Drops the oldest records the policy allows until {@code needed} fits; false (nothing dropped) if it cannot. */
    private boolean makeRoom(Lane incoming, long needed, Round round) {
        long used = file.footprint();
        if (used + needed <= space.maxBytes()) {
            return true;
        }
        List<Lane> victims = space.evictableFor(incoming);
        long evictable = 0;
        for (Lane victim : victims) {
            evictable += file.lane(victim).footprint();
        }
        if (used - evictable + needed > space.maxBytes()) {
            return false;
        }
        for (Lane victim : victims) {
            LaneChain chain = file.lane(victim);
            while (used + needed > space.maxBytes() && chain.depth() > 0) {
                long seq = chain.firstSeq();
                used -= StoreSpace.footprint(chain.remove(seq));
                chain.countDropped(1);
                round.drops.add(victim, seq, SIZE_LIMIT_REASON);
                round.droppedUncovered |= victim == Lane.TELEMETRY && !coverage.reaches(seq);
            }
        }
        return true;
    }

    private void commitFailed(Round round, RuntimeException error) {
        if (!failedBeforeCommitPoint(error)) {
            // the commit may have reached the disk: its seqs must never carry other content
            for (StoredRecord record : round.records) {
                failedSeqFloor.merge(record.lane(), record.seq(), Math::max);
            }
        }
        String cause = QueueFile.describe(rootCause(error));
        StoreUnavailableException failure = new StoreUnavailableException(
                "store commit failed, record not stored: " + cause, error);
        if (round.current != null) {
            round.accepted.add(round.current);
        }
        for (StoreInbox.PendingAppend append : round.accepted) {
            round.fail(append, failure);
        }
        LOG.warn("event=store-commit-failed records={} error={}", round.accepted.size(), cause);
        round.accepted.clear();
        round.records.clear();
        round.drops = new DropRanges();
        closeFile();
        reopen();
    }

    private static boolean failedBeforeCommitPoint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JournaledVolume.NotCommittedException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private boolean reopen() {
        try {
            QueueFileRecovery.Opened opened = QueueFileRecovery.open(files, seqs, clock);
            file = opened.file();
            opened.movedAside().ifPresent(path -> recoveredFrom = Optional.of(path));
            if (unavailable) {
                LOG.info("event=store-available dir={}", files.dir());
                unavailable = false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            file = null;
            if (!unavailable) {
                LOG.warn("event=store-unavailable effect=appends-fail-until-reopened dir={} error={}", files.dir(),
                        QueueFile.describe(e));
                unavailable = true;
            }
            return false;
        }
    }

    private void refuseQueued(Round round) {
        StoreUnavailableException error = new StoreUnavailableException(
                "store file cannot be opened at the moment, record not stored: " + files.queue());
        StoreInbox.PendingAppend append;
        for (int n = 0; n < options.maxBatchRecords() && (append = inbox.pollAppend()) != null; n++) {
            round.fail(append, error);
        }
        // removals are let go: the records stay in the file and are sent again, which at-least-once allows
        inbox.discardRemovals();
    }

    /**
     * Rewrites the file when it has grown well beyond the live data: MapDB never gives space back to
     * the file system, and reuses a freed slot only for a record of the same size class. Done when the
     * copy is cheap (live data at most a quarter of {@code store.max_size}) or when the file exceeds
     * {@code store.max_size} by the slack anyway.
     */
    private void compactIfGrown(Round round) {
        long length = file.fileLength();
        long used = file.footprint();
        long slack = options.compactionSlackBytes();
        boolean grown = length > nextCompactionAbove && length > Math.max(2 * used, used + slack);
        boolean worthIt = used <= space.maxBytes() / 4 || length > space.maxBytes() + slack;
        if (!grown || !worthIt) {
            return;
        }
        long started = System.nanoTime();
        // A compaction copies the live data: on a slow SD card that may take far longer than a round.
        heartbeat.beat(COMPACTION_ALLOWANCE_NANOS + used / COMPACTION_BYTES_PER_SECOND * 1_000_000_000L);
        try {
            files.deleteCompactionLeftovers();
            Map<Lane, List<Long>> corrupt;
            try (QueueFile compacted = QueueFile.open(files.compactQueue(), StoreFiles.journalOf(files.compactQueue()))) {
                corrupt = file.copyInto(compacted, options.maxBatchBytes());
            }
            closeFile();
            files.replaceQueueWithCompacted();
            corrupt.forEach((lane, list) -> list.forEach(seq -> round.drops.add(lane, seq, CORRUPT_REASON)));
            reopen();
            LOG.info("event=store-compacted before_bytes={} after_bytes={} live_bytes={} ms={}", length,
                    file != null ? file.fileLength() : -1, used, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException | QueueFile.CorruptFileException | RuntimeException e) {
            LOG.warn("event=store-compaction-failed action=kept-current-file error={}", QueueFile.describe(e));
        } finally {
            if (file == null) {
                reopen();
            }
            nextCompactionAbove = (file != null ? file.fileLength() : length) + slack;
        }
    }

    /**
     * Reports drops, completes futures and tells listeners, outside the lock. Drops are reported
     * first, so whoever sees an append complete also finds the drops it caused already reported.
     */
    private void settle(Round round) {
        if (round.committed) {
            reportDrops(round.drops);
            for (int i = 0; i < round.accepted.size(); i++) {
                round.accepted.get(i).future().complete(round.records.get(i));
            }
        }
        round.failures.forEach(Runnable::run);
        if (round.committed && !round.accepted.isEmpty()) {
            listeners.afterAppend();
        }
    }

    private void reportDrops(DropRanges dropped) {
        for (DropRanges.Range range : dropped.ranges()) {
            LOG.warn("event=store-dropped lane={} first_seq={} last_seq={} count={} reason=\"{}\"",
                    range.lane().wireName(), range.firstSeq(), range.lastSeq(), range.count(), range.reason());
            try {
                drops.dropped(range.lane(), range.firstSeq(), range.lastSeq(), range.count(), range.reason());
            } catch (RuntimeException e) {
                LOG.warn("event=drop-listener-failed error={}", QueueFile.describe(e));
            }
        }
    }

    private void publishStats() {
        if (file == null) {
            return;
        }
        Map<Lane, LaneStats> snapshot = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            LaneChain chain = file.lane(lane);
            snapshot.put(lane, new LaneStats(lane, chain.depth(), chain.bytes(), chain.firstSeq(),
                    chain.lastSeq(), chain.droppedRecords()));
        }
        stats = Collections.unmodifiableMap(snapshot);
        fileLength = file.fileLength();
        usedBytes = file.footprint();
    }

    private void failLeftovers() {
        StoreUnavailableException closed = new StoreUnavailableException("store is closed, record not stored");
        StoreInbox.PendingAppend append;
        while ((append = inbox.pollAppend()) != null) {
            append.future().completeExceptionally(closed);
        }
    }

    private void closeFile() {
        lock.lock();
        try {
            if (file != null) {
                file.close();
                file = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A future already failed because the store is closed. */
    static CompletableFuture<StoredRecord> closedFuture() {
        return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed, record not stored"));
    }
}
