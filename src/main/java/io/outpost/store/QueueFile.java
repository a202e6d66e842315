package io.outpost.store;

import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mapdb.Atomic;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Store;
import org.mapdb.StoreDirect;

/**
 * One open store file: a MapDB {@link StoreDirect} over a {@link JournaledVolume}, its root record,
 * one {@link LaneChain} per lane and its named states ({@link StoreStates}). Changes accumulate in memory until {@link #commit()}, which is
 * atomic and durable (see {@link JournaledVolume}); closing without a commit discards them.
 *
 * <p>MapDB's own transaction mode is not used: in 3.1.0 its write-ahead log is never replayed, so it
 * would only double the writes. The records are plain MapDB records (payloads, segments, root) with
 * explicit serializers; no MapDB collection is used, because a {@code BTreeMap} never frees emptied
 * nodes and a queue that runs for months would leak about 20 bytes per record ever stored.
 */
final class QueueFile implements AutoCloseable {

    private static final String ROOT_NAME = "outpost.queue.root";
    /** Created with the first state, so files from before states exist are left as they are. */
    private static final String STATES_NAME = "outpost.queue.states";
    /** Records held in memory at once while copying. */
    private static final int COPY_PAGE = 64;

    private final JournaledVolume volume;
    private final DB db;
    private final Store store;
    private final long rootRecid;
    private final Map<Lane, LaneChain> lanes;
    private StoreRoot committedRoot;
    /** Null until the file has states. */
    private Atomic.Long statesPointer;
    private StoreStates committedStates;
    /** States given since the last commit, written with it. */
    private final Map<String, byte[]> pendingStates = new java.util.TreeMap<>();

    private QueueFile(JournaledVolume volume, DB db, long rootRecid, StoreRoot root, Map<Lane, LaneChain> lanes,
            Atomic.Long statesPointer, StoreStates states) {
        this.volume = volume;
        this.db = db;
        this.store = db.getStore();
        this.rootRecid = rootRecid;
        this.committedRoot = root;
        this.lanes = lanes;
        this.statesPointer = statesPointer;
        this.committedStates = states;
    }

    /** The file could not be read as a store: its bytes are damaged. */
    static final class CorruptFileException extends Exception {
        CorruptFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Opens {@code path}, creating an empty store if it is new.
     *
     * @throws IOException when the file cannot be opened or locked (not a sign of damage)
     * @throws CorruptFileException when its content is damaged
     */
    static QueueFile open(Path path, Path journalPath) throws IOException, CorruptFileException {
        JournaledVolume volume = JournaledVolume.open(path, journalPath);
        boolean exists = volume.committedLength() > 0;
        DB db = null;
        try {
            db = DBMaker.volumeDB(volume, exists).make();
            Store store = db.getStore();
            if (store instanceof StoreDirect direct && volume.committedLength() < direct.getTotalSize()) {
                throw new CorruptRecordException("file is " + volume.committedLength() + " bytes but its header says "
                        + direct.getTotalSize());
            }
            Atomic.Long rootPointer = db.atomicLong(ROOT_NAME).createOrOpen();
            if (rootPointer.get() == 0) {
                // new file, or one whose very first commit did not complete
                rootPointer.set(store.put(StoreRoot.empty(), StoreRoot.SERIALIZER));
                db.commit();
            }
            long rootRecid = rootPointer.get();
            StoreRoot root = store.get(rootRecid, StoreRoot.SERIALIZER);
            if (root == null) {
                throw new CorruptRecordException("root record is missing");
            }
            Map<Lane, LaneChain> lanes = new EnumMap<>(Lane.class);
            for (Lane lane : Lane.values()) {
                lanes.put(lane, LaneChain.recover(lane, store, root.lane(lane)));
            }
            Atomic.Long statesPointer = null;
            StoreStates states = StoreStates.EMPTY;
            if (db.exists(STATES_NAME)) {
                statesPointer = db.atomicLong(STATES_NAME).open();
                states = store.get(statesPointer.get(), StoreStates.SERIALIZER);
                if (states == null) {
                    throw new CorruptRecordException("states record is missing");
                }
            }
            return new QueueFile(volume, db, rootRecid, root, lanes, statesPointer, states);
        } catch (RuntimeException | AssertionError e) {
            closeQuietly(db, volume);
            throw new CorruptFileException("cannot read store file " + path + ": " + describe(e), e);
        }
    }

    private static void closeQuietly(DB db, JournaledVolume volume) {
        try {
            if (db != null) {
                db.close();
            }
        } catch (RuntimeException | AssertionError ignored) {
            // the file is being given up; the volume close below releases it
        } finally {
            volume.close();
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    LaneChain lane(Lane lane) {
        return lanes.get(lane);
    }

    /** Space all lanes count for against {@code store.max_size}. */
    long footprint() {
        long total = 0;
        for (LaneChain chain : lanes.values()) {
            total += chain.footprint();
        }
        return total;
    }

    /** Bytes of the file on disk as of the last commit. */
    long fileLength() {
        return volume.committedLength();
    }

    /** The state {@code name} as of the last commit. */
    java.util.Optional<byte[]> state(String name) {
        return java.util.Optional.ofNullable(committedStates.byName().get(name));
    }

    /** Sets a state; it is written with the next commit, and discarded if the file closes first. */
    void stageState(StoreState state) {
        pendingStates.put(state.name(), state.bytes());
    }

    /** Makes every change since the last commit durable, atomically. */
    void commit() {
        Map<Lane, StoreRoot.LaneHead> heads = new EnumMap<>(Lane.class);
        for (LaneChain chain : lanes.values()) {
            chain.flush();
            heads.put(chain.lane(), chain.head());
        }
        StoreRoot root = new StoreRoot(heads);
        if (!root.equals(committedRoot)) {
            store.update(rootRecid, root, StoreRoot.SERIALIZER);
        }
        StoreStates states = committedStates;
        if (!pendingStates.isEmpty()) {
            states = committedStates.with(pendingStates);
            if (statesPointer == null) {
                statesPointer = db.atomicLong(STATES_NAME).create();
                statesPointer.set(store.put(states, StoreStates.SERIALIZER));
            } else {
                store.update(statesPointer.get(), states, StoreStates.SERIALIZER);
            }
        }
        db.commit();
        committedRoot = root;
        committedStates = states;
        pendingStates.clear();
    }

    /**
     * Copies every lane (records, seq counters, drop counters) and the committed states into {@code target}, committing it
     * every {@code commitEveryBytes}. Payloads that fail their checksum are left behind and returned.
     */
    Map<Lane, List<Long>> copyInto(QueueFile target, long commitEveryBytes) {
        Map<Lane, List<Long>> corrupt = new EnumMap<>(Lane.class);
        long sinceCommit = 0;
        for (LaneChain source : lanes.values()) {
            LaneChain copy = target.lane(source.lane());
            java.util.SortedSet<Long> bad = new java.util.TreeSet<>();
            long after = 0;
            for (List<StoredRecord> page = source.read(after, COPY_PAGE, bad); !page.isEmpty(); page = source.read(after, COPY_PAGE, bad)) {
                for (StoredRecord record : page) {
                    copy.add(record.seq(), record.payload());
                    sinceCommit += record.payload().length;
                    after = record.seq();
                }
                if (sinceCommit >= commitEveryBytes) {
                    target.commit();
                    sinceCommit = 0;
                }
            }
            copy.raiseLastSeq(source.lastSeq());
            copy.countDropped(source.droppedRecords());
            if (!bad.isEmpty()) {
                corrupt.put(source.lane(), new ArrayList<>(bad));
            }
        }
        committedStates.byName().forEach((name, bytes) -> target.stageState(new StoreState(name, bytes)));
        target.commit();
        return corrupt;
    }

    /** Closes the file; uncommitted changes are discarded. */
    @Override
    public void close() {
        closeQuietly(db, volume);
    }
}
