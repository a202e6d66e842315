package io.outpost.store;

import io.outpost.threads.DaemonThreads;
import io.outpost.threads.Heartbeat;

import io.outpost.config.StoreConfig;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store-and-forward queue on MapDB 3.1.0, in one directory:
 * <ul>
 *   <li>{@code queue.db}: the records of all lanes, their seq and drop counters, and the named states
 *       committed with records ({@link StoreState}) (MapDB file, file channel I/O, never mmap: a full
 *       disk under mmap is a SIGBUS);</li>
 *   <li>{@code queue.db.journal}: the redo journal that makes each commit atomic ({@link JournaledVolume});</li>
 *   <li>{@code seq.state}: seq reservations that survive the loss of {@code queue.db} ({@link SeqReservations}).</li>
 * </ul>
 *
 * <p><b>Threads.</b> One thread, {@code store-writer}, owns the file. {@link #append} only queues (a
 * bounded queue: when it is full the caller waits up to {@link StoreOptions#enqueueTimeout()}, then the
 * record fails with {@link StoreUnavailableException}). The writer takes everything queued, assigns
 * seqs, writes, commits once for the whole batch and then completes the batch's futures, so a
 * completed future means the record is on disk. {@link #acknowledge} is queued too and applied with
 * the next commit (an acknowledgement lost in a crash only means the record is sent again), or, for a
 * telemetry record the {@link #coverTelemetry telemetry cover} does not reach yet, with the commit
 * after the cover's next write. {@link #read} runs on the caller's thread under the lock the writer
 * holds while it changes and commits the file, so it sees committed records only. {@link #stats}
 * reads a snapshot and never waits. Future callbacks attached without an executor, drop listeners,
 * append listeners and the telemetry cover run on the writer thread: they must be quick. An append
 * made on the writer thread itself (a drop listener reporting the drop as an event) skips the bounded
 * queue, so it can never wait on the writer.
 *
 * <p><b>Size.</b> {@code store.max_size} bounds the records' footprint ({@link StoreSpace}). MapDB
 * files never shrink and reuse a freed slot only for a record of the same size class, so the file is
 * rewritten (compacted) when it has grown beyond twice the live data plus
 * {@link StoreOptions#compactionSlackBytes()}, if the live data is small (at most a quarter of
 * {@code max_size}) or the file is over {@code max_size} plus that slack. In steady state freed slots
 * are reused and the file stays near the peak of its live data.
 *
 * <p><b>Damage.</b> A file that cannot be read is moved to {@code queue.db.corrupt-<UTC time>} and
 * replaced by an empty one whose seqs start above any seq handed out before ({@link #recoveredFrom()}
 * tells the gateway). A single damaged record found by a read is dropped and reported like a drop.
 */
public final class MapDbRecordStore implements RecordStore {

    private static final Logger LOG = LoggerFactory.getLogger(MapDbRecordStore.class);
    private static final long CLOSE_WAIT_SECONDS = 120;

    private final Path dir;
    private final StoreOptions options;
    private final StoreInbox inbox;
    private final StoreWriter writer;
    private final Thread writerThread;
    private final StoreListeners listeners;
    private volatile boolean closed;

    private MapDbRecordStore(Path dir, StoreOptions options, StoreInbox inbox, StoreWriter writer,
            StoreListeners listeners) {
        this.dir = dir;
        this.options = options;
        this.inbox = inbox;
        this.writer = writer;
        this.listeners = listeners;
        // daemon: durability never depends on this thread finishing, and an unclosed store must not hold the JVM
        this.writerThread = DaemonThreads.newThread("store-writer", writer);
        inbox.attachWriter(writerThread);
        writerThread.start();
    }

    /** Opens the store in {@code dir} as {@code config} says, with default tuning. */
    public static MapDbRecordStore open(Path dir, StoreConfig config, DropListener drops) throws IOException {
        return open(dir, config.maxSizeBytes(), config.onFull(), drops, StoreOptions.defaults());
    }

    public static MapDbRecordStore open(Path dir, long maxSizeBytes, OnFull onFull, DropListener drops)
            throws IOException {
        return open(dir, maxSizeBytes, onFull, drops, StoreOptions.defaults());
    }

    /**
     * Opens (or creates) the store in {@code dir}: replays a complete journal, rebuilds the counters
     * from the file, and replaces a damaged file (see {@link #recoveredFrom()}).
     *
     * @throws StoreInUseException when another process has the store open
     * @throws IOException when the directory or files cannot be created or read
     */
    public static MapDbRecordStore open(Path dir, long maxSizeBytes, OnFull onFull, DropListener drops,
            StoreOptions options) throws IOException {
        Objects.requireNonNull(onFull, "onFull");
        Objects.requireNonNull(drops, "drops");
        StoreSpace space = new StoreSpace(maxSizeBytes, onFull);
        long started = System.nanoTime();
        Files.createDirectories(dir);
        StoreFiles files = new StoreFiles(dir);
        files.deleteCompactionLeftovers();
        SeqReservations seqs = SeqReservations.load(files.seqState());
        Clock clock = Clock.systemUTC();
        QueueFileRecovery.Opened opened = QueueFileRecovery.open(files, seqs, clock);
        StoreInbox inbox = new StoreInbox(options.queueCapacity());
        StoreListeners listeners = new StoreListeners();
        StoreWriter writer = new StoreWriter(files, seqs, opened, space, drops, options, inbox, listeners, clock);
        MapDbRecordStore store = new MapDbRecordStore(dir, options, inbox, writer, listeners);
        LOG.info("event=store-opened dir={} file_bytes={} used_bytes={} alarms={} events={} telemetry={} ms={}", dir,
                writer.fileLength(), writer.usedBytes(), writer.stats(Lane.ALARMS).depth(),
                writer.stats(Lane.EVENTS).depth(), writer.stats(Lane.TELEMETRY).depth(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return store;
    }

    @Override
    public CompletableFuture<StoredRecord> append(Lane lane, LongFunction<byte[]> payloadForSeq) {
        return queue(lane, payloadForSeq, null);
    }

    /** The state goes into the record's commit: the state change and the record are durable together. */
    @Override
    public CompletableFuture<StoredRecord> append(Lane lane, LongFunction<byte[]> payloadForSeq, StoreState state) {
        return queue(lane, payloadForSeq, Objects.requireNonNull(state, "state"));
    }

    @Override
    public Optional<byte[]> state(String name) {
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new StoreUnavailableException("store is closed");
        }
        return writer.state(name);
    }

    private CompletableFuture<StoredRecord> queue(Lane lane, LongFunction<byte[]> payloadForSeq, StoreState state) {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(payloadForSeq, "payloadForSeq");
        if (closed) {
            return StoreWriter.closedFuture();
        }
        CompletableFuture<StoredRecord> future = new CompletableFuture<>();
        StoreInbox.PendingAppend append = new StoreInbox.PendingAppend(lane, payloadForSeq, state, future);
        try {
            if (!inbox.offer(append, options.enqueueTimeout().toNanos())) {
                future.completeExceptionally(new StoreUnavailableException("store writer is behind ("
                        + options.queueCapacity() + " appends queued for " + options.enqueueTimeout().toMillis()
                        + " ms), record not stored"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new StoreUnavailableException("interrupted while queueing, record not stored", e));
        }
        if (writer.terminated() && inbox.withdraw(append)) {
            // the writer ended between our check and our offer: nobody else will complete it
            future.completeExceptionally(new StoreUnavailableException("store is closed, record not stored"));
        }
        return future;
    }

    @Override
    public List<StoredRecord> read(Lane lane, long afterSeq, int max) {
        Objects.requireNonNull(lane, "lane");
        if (closed) {
            throw new StoreUnavailableException("store is closed");
        }
        return writer.read(lane, afterSeq, max);
    }

    @Override
    public void acknowledge(Lane lane, long seq) {
        Objects.requireNonNull(lane, "lane");
        if (!closed) {
            inbox.remove(new StoreInbox.PendingRemoval(lane, seq, false));
        }
    }

    @Override
    public LaneStats stats(Lane lane) {
        return writer.stats(Objects.requireNonNull(lane, "lane"));
    }

    /** Tells {@code listener} how long each commit of the file took (nanos), on the {@code store-writer} thread. */
    public void onCommitted(java.util.function.LongConsumer listener) {
        listeners.addCommitTime(listener);
    }

    @Override
    public void onAppended(Runnable listener) {
        listeners.addAfterAppend(listener);
    }

    /**
     * Appends wait for the commit at most {@link StoreWriter#APPEND_LINGER_NANOS} while {@code feed} is
     * still taking samples, so the records of one poll share a commit.
     */
    @Override
    public void feedFrom(RecordFeed feed) {
        writer.feedFrom(feed);
    }

    /**
     * Keeps {@code cover} (the per-tag time marks) abreast of the telemetry lane: the writer writes it
     * before a commit at most once a second, and a telemetry record it does not reach yet is neither
     * removed (its acknowledgement waits for the next write, at most about a second) nor dropped
     * (the drop writes it first). Every telemetry record is thus either covered or still here. A
     * clean {@link #close} writes it a last time. Attach it before the uplink starts.
     */
    public void coverTelemetry(TelemetryCover cover) {
        writer.coverTelemetry(cover);
    }

    /**
     * Where the damaged store file was moved when this store had to start afresh (at open, or when a
     * reopen after an I/O error found it damaged); empty when that never happened.
     */
    public Optional<Path> recoveredFrom() {
        return writer.recoveredFrom();
    }

    /** Size of {@code queue.db} on disk as of the last commit. */
    public long fileSizeBytes() {
        return writer.fileLength();
    }

    /** What the records count for against {@code store.max_size}, as of the last commit. */
    public long usedBytes() {
        return writer.usedBytes();
    }

    public Path directory() {
        return dir;
    }

    /** The {@code store-writer} thread's heartbeat: it stops when a round hangs, not when the store is idle. */
    public Heartbeat writerHeartbeat() {
        return writer.heartbeat();
    }

    /**
     * Stops taking appends, lets the writer store everything already queued, commits and closes the
     * file. Appends after this fail with {@link StoreUnavailableException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.finish();
        if (Thread.currentThread() == writerThread) {
            return; // called from a listener: the writer ends after this round
        }
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writerThread.isAlive()) {
            LOG.warn("event=store-close-timeout seconds={} dir={}", CLOSE_WAIT_SECONDS, dir);
        } else {
            LOG.info("event=store-closed dir={}", dir);
        }
    }
}
