package io.outpost.store;

import io.outpost.value.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.mapdb.Store;

/**
 * One lane of the store file: its chain of {@link Segment}s, its payload records and its counters.
 *
 * <p>In memory it keeps one small entry per segment (about one per 128 records), never the records
 * themselves: the head and tail segments stay loaded because acknowledgements, drops and appends
 * touch them; any other segment is read from the file when needed and let go after the commit.
 *
 * <p>Owned by the store's writer thread; readers use it only under the store lock.
 */
final class LaneChain {

    /** What the store keeps in memory per segment. */
    private static final class SegmentRef {
        final long recid;
        Segment loaded;
        boolean dirty;

        SegmentRef(long recid, Segment loaded) {
            this.recid = recid;
            this.loaded = loaded;
        }
    }

    private final Lane lane;
    private final Store store;
    private final NavigableMap<Long, SegmentRef> segments = new TreeMap<>();
    private long lastSeq;
    private long droppedRecords;
    private long depth;
    private long bytes;
    private long footprint;

    private LaneChain(Lane lane, Store store, long lastSeq, long droppedRecords) {
        this.lane = lane;
        this.store = store;
        this.lastSeq = lastSeq;
        this.droppedRecords = droppedRecords;
    }

    /**
     * Rebuilds the in-memory index by walking the lane's segments on disk (their payloads are not
     * read). Throws {@link CorruptRecordException} or a MapDB exception when the chain is damaged.
     */
    static LaneChain recover(Lane lane, Store store, StoreRoot.LaneHead head) {
        LaneChain chain = new LaneChain(lane, store, head.lastSeq(), head.droppedRecords());
        long recid = head.firstSegment();
        long previousSpan = -1;
        while (recid != 0) {
            Segment segment = store.get(recid, Segment.SERIALIZER);
            if (segment == null || segment.span() <= previousSpan || segment.isEmpty()
                    || segment.span() > Segment.spanOf(head.lastSeq())) {
                throw new CorruptRecordException(lane.wireName() + " segment chain is inconsistent at record " + recid);
            }
            // keep only the head loaded while walking, so recovering a long queue needs little memory
            chain.segments.put(segment.span(), new SegmentRef(recid, chain.segments.isEmpty() ? segment : null));
            chain.depth += segment.live();
            chain.bytes += segment.liveBytes();
            chain.footprint += footprintOf(segment);
            previousSpan = segment.span();
            recid = segment.next();
        }
        return chain;
    }

    static LaneChain empty(Lane lane, Store store, long lastSeq, long droppedRecords) {
        return new LaneChain(lane, store, lastSeq, droppedRecords);
    }

    private static long footprintOf(Segment segment) {
        long total = 0;
        long base = segment.span() * Segment.SPAN;
        for (long seq = segment.firstSeqAfter(base - 1); seq != 0; seq = segment.firstSeqAfter(seq)) {
            total += StoreSpace.footprint(segment.length(seq));
        }
        return total;
    }

    Lane lane() {
        return lane;
    }

    long lastSeq() {
        return lastSeq;
    }

    long droppedRecords() {
        return droppedRecords;
    }

    long depth() {
        return depth;
    }

    long bytes() {
        return bytes;
    }

    /** Space the lane's records count for against {@code store.max_size}. */
    long footprint() {
        return footprint;
    }

    /** Oldest seq waiting, 0 when the lane is empty. */
    long firstSeq() {
        if (segments.isEmpty()) {
            return 0;
        }
        Map.Entry<Long, SegmentRef> first = segments.firstEntry();
        return load(first.getValue()).firstSeqAfter(first.getKey() * Segment.SPAN - 1);
    }

    /** Moves the seq counter forward (a fresh file continuing above every seq ever handed out). */
    void raiseLastSeq(long seq) {
        if (seq > lastSeq) {
            lastSeq = seq;
        }
    }

    void countDropped(long count) {
        droppedRecords += count;
    }

    StoreRoot.LaneHead head() {
        return new StoreRoot.LaneHead(lastSeq, droppedRecords, segments.isEmpty() ? 0 : segments.firstEntry().getValue().recid);
    }

    /** Stores {@code payload} as {@code seq}, which must be above every seq of this lane. */
    void add(long seq, byte[] payload) {
        if (seq <= lastSeq) {
            throw new IllegalArgumentException(lane.wireName() + " seq " + seq + " is not above " + lastSeq);
        }
        long payloadRecid = store.put(payload, PayloadSerializer.INSTANCE);
        SegmentRef ref = segments.get(Segment.spanOf(seq));
        if (ref == null) {
            ref = appendSegment(Segment.spanOf(seq));
        }
        load(ref).put(seq, payloadRecid, payload.length);
        ref.dirty = true;
        lastSeq = seq;
        depth++;
        bytes += payload.length;
        footprint += StoreSpace.footprint(payload.length);
    }

    private SegmentRef appendSegment(long span) {
        Segment segment = new Segment(span);
        long recid = store.put(segment, Segment.SERIALIZER);
        Map.Entry<Long, SegmentRef> last = segments.lastEntry();
        if (last != null) {
            SegmentRef tail = last.getValue();
            load(tail).next(recid);
            tail.dirty = true;
        }
        SegmentRef ref = new SegmentRef(recid, segment);
        segments.put(span, ref);
        return ref;
    }

    /** Removes {@code seq}; returns its payload length, or -1 when it is not in the store. */
    int remove(long seq) {
        SegmentRef ref = segments.get(Segment.spanOf(seq));
        if (ref == null) {
            return -1;
        }
        Segment segment = load(ref);
        int length = segment.length(seq);
        long payloadRecid = segment.remove(seq);
        if (payloadRecid == 0) {
            return -1;
        }
        store.delete(payloadRecid, PayloadSerializer.INSTANCE);
        ref.dirty = true;
        depth--;
        bytes -= length;
        footprint -= StoreSpace.footprint(length);
        if (segment.isEmpty()) {
            unlink(segment.span(), ref);
        }
        return length;
    }

    private void unlink(long span, SegmentRef ref) {
        Map.Entry<Long, SegmentRef> previous = segments.lowerEntry(span);
        if (previous != null) {
            load(previous.getValue()).next(ref.loaded.next());
            previous.getValue().dirty = true;
        }
        segments.remove(span);
        store.delete(ref.recid, Segment.SERIALIZER);
    }

    /**
     * Up to {@code max} records with seq above {@code afterSeq}, in order. A payload that fails its
     * checksum is left out and its seq added to {@code corrupt}.
     */
    List<StoredRecord> read(long afterSeq, int max, java.util.Collection<Long> corrupt) {
        List<StoredRecord> out = new ArrayList<>(Math.min(max, 256));
        long from = Math.max(0, afterSeq);
        for (Map.Entry<Long, SegmentRef> e : segments.tailMap(Segment.spanOf(from + 1), true).entrySet()) {
            Segment segment = peek(e.getValue());
            for (long seq = segment.firstSeqAfter(from); seq != 0 && out.size() < max; seq = segment.firstSeqAfter(seq)) {
                try {
                    out.add(new StoredRecord(lane, seq, store.get(segment.recid(seq), PayloadSerializer.INSTANCE)));
                } catch (CorruptRecordException ex) {
                    corrupt.add(seq);
                }
            }
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    /** Writes the segments changed since the last flush into the (uncommitted) store. */
    void flush() {
        for (SegmentRef ref : segments.values()) {
            if (ref.dirty) {
                store.update(ref.recid, ref.loaded, Segment.SERIALIZER);
                ref.dirty = false;
            }
        }
        releaseLoadedSegments();
    }

    /** Keeps only the head and tail segments in memory (and any not yet flushed). */
    private void releaseLoadedSegments() {
        if (segments.size() <= 2) {
            return;
        }
        SegmentRef first = segments.firstEntry().getValue();
        SegmentRef last = segments.lastEntry().getValue();
        for (SegmentRef ref : segments.values()) {
            if (ref != first && ref != last && !ref.dirty) {
                ref.loaded = null;
            }
        }
    }

    private Segment load(SegmentRef ref) {
        if (ref.loaded == null) {
            ref.loaded = store.get(ref.recid, Segment.SERIALIZER);
        }
        return ref.loaded;
    }

    /** The segment without keeping it in memory (for reads, which must not grow the cache). */
    private Segment peek(SegmentRef ref) {
        return ref.loaded != null ? ref.loaded : store.get(ref.recid, Segment.SERIALIZER);
    }
}
