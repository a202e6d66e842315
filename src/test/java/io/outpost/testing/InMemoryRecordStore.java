package io.outpost.testing;

import io.outpost.value.Lane;
import io.outpost.store.LaneStats;
import io.outpost.store.RecordStore;
import io.outpost.store.StoreState;
import io.outpost.store.StoreUnavailableException;
import io.outpost.store.StoredRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

/**
 * A {@link RecordStore} in memory, for uplink tests: same contract (seq per lane from 1, read in
 * seq order after a cursor, acknowledge removes), plus what the tests watch: how many records were
 * handed out and not yet acknowledged at most, the order records were first handed out, and a switch
 * that makes reads return nothing for a while.
 */
public final class InMemoryRecordStore implements RecordStore {

    public record Key(Lane lane, long seq) {
    }

    private final Map<Lane, TreeMap<Long, StoredRecord>> lanes = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> lastSeq = new EnumMap<>(Lane.class);
    private final Set<Key> handedOut = new HashSet<>();
    private final Set<Key> everHandedOut = new HashSet<>();
    private final List<Key> firstHandOutOrder = new ArrayList<>();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private int maxOutstanding;
    private final Set<Key> acknowledged = new HashSet<>();
    private final Map<String, byte[]> states = new HashMap<>();
    private boolean readsHeld;
    private boolean acknowledgementsDeferred;
    private final List<Key> deferred = new ArrayList<>();
    private boolean readsFail;

    private boolean failAppends;

    public InMemoryRecordStore() {
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new TreeMap<>());
            lastSeq.put(lane, 0L);
        }
    }

    @Override
    public CompletableFuture<StoredRecord> append(Lane lane, LongFunction<byte[]> payloadForSeq) {
        StoredRecord record;
        synchronized (this) {
            if (failAppends) {
                return CompletableFuture.failedFuture(new StoreUnavailableException(
                        "store commit failed, record not stored: IOException: No space left on device"));
            }
            long seq = lastSeq.merge(lane, 1L, Long::sum);
            record = new StoredRecord(lane, seq, payloadForSeq.apply(seq));
            lanes.get(lane).put(seq, record);
        }
        appendListeners.forEach(Runnable::run);
        return CompletableFuture.completedFuture(record);
    }

    @Override
    public CompletableFuture<StoredRecord> append(Lane lane, LongFunction<byte[]> payloadForSeq, StoreState state) {
        CompletableFuture<StoredRecord> appended = append(lane, payloadForSeq);
        synchronized (this) {
            states.put(state.name(), state.bytes());
        }
        return appended;
    }

    @Override
    public synchronized Optional<byte[]> state(String name) {
        return Optional.ofNullable(states.get(name));
    }

    /** Appends {@code count} records with the test payload of {@link TestPayloads#record}. */
    public void appendMany(Lane lane, int count, int samplesPerRecord) {
        for (int i = 0; i < count; i++) {
            append(lane, seq -> TestPayloads.record("gw1", lane, seq, samplesPerRecord));
        }
    }

    @Override
    public synchronized List<StoredRecord> read(Lane lane, long afterSeq, int max) {
        if (readsFail) {
            throw new IllegalStateException("store unreadable (test)");
        }
        List<StoredRecord> out = new ArrayList<>();
        if (readsHeld) {
            return out;
        }
        for (StoredRecord record : lanes.get(lane).tailMap(afterSeq, false).values()) {
            if (out.size() >= max) {
                break;
            }
            out.add(record);
            Key key = new Key(lane, record.seq());
            handedOut.add(key);
            if (everHandedOut.add(key)) {
                firstHandOutOrder.add(key);
            }
        }
        maxOutstanding = Math.max(maxOutstanding, handedOut.size());
        return out;
    }

    @Override
    public synchronized void acknowledge(Lane lane, long seq) {
        if (acknowledgementsDeferred) {
            handedOut.remove(new Key(lane, seq));
            deferred.add(new Key(lane, seq));
            return;
        }
        if (lanes.get(lane).remove(seq) != null) {
            acknowledged.add(new Key(lane, seq));
        }
        handedOut.remove(new Key(lane, seq));
    }

    /**
     * While set, acknowledgements wait: every record stays in the store (as in a store that removes
     * acknowledged records with a later commit), so a test can stop the broker with records certainly
     * still queued. Unsetting it applies the acknowledgements that waited.
     */
    public synchronized void deferAcknowledgements(boolean defer) {
        acknowledgementsDeferred = defer;
        if (!defer) {
            List<Key> waited = List.copyOf(deferred);
            deferred.clear();
            for (Key key : waited) {
                acknowledge(key.lane(), key.seq());
            }
        }
    }

    @Override
    public synchronized LaneStats stats(Lane lane) {
        TreeMap<Long, StoredRecord> records = lanes.get(lane);
        long bytes = records.values().stream().mapToLong(r -> r.payload().length).sum();
        long first = records.isEmpty() ? 0 : records.firstKey();
        return new LaneStats(lane, records.size(), bytes, first, lastSeq.get(lane), 0);
    }

    @Override
    public void onAppended(Runnable listener) {
        appendListeners.add(listener);
    }

    @Override
    public void close() {
    }

    public synchronized long depth(Lane lane) {
        return lanes.get(lane).size();
    }

    public synchronized long totalDepth() {
        return lanes.values().stream().mapToLong(TreeMap::size).sum();
    }

    /** Records removed by an acknowledgement (a second acknowledgement of the same seq is not counted). */
    public synchronized long acknowledgements() {
        return acknowledged.size();
    }

    /** The most records handed out by {@link #read} and not yet acknowledged at any one time. */
    public synchronized int maxOutstanding() {
        return maxOutstanding;
    }

    /** Every record in the order it was first handed out by {@link #read}. */
    public synchronized List<Key> firstHandOutOrder() {
        return List.copyOf(firstHandOutOrder);
    }

    /** While failing, {@link #read} throws, as a store with a broken file would. */
    /** While set, every append fails as on a full disk. */
    public synchronized void failAppends(boolean fail) {
        failAppends = fail;
    }

    public synchronized void failReads(boolean fail) {
        readsFail = fail;
    }

    /** While held, {@link #read} returns nothing (records stay and are handed out after release). */
    public synchronized void holdReads(boolean hold) {
        readsHeld = hold;
    }
}
