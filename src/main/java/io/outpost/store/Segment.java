package io.outpost.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;

/**
 * The index of one lane for {@link #SPAN} consecutive seqs: for each seq still in the store, the
 * MapDB record id of its payload and the payload length. A lane is a chain of segments in seq order
 * ({@link #next()} links them on disk), so appends touch the tail segment, acknowledgements and drops
 * touch the head one, and nothing in the file grows without bound: an emptied segment is deleted.
 *
 * <p>Mutable and owned by the store's writer thread (readers see it only under the store lock).
 */
final class Segment {

    static final int SPAN = 128;
    static final Serializer<Segment> SERIALIZER = new SegmentSerializer();

    private final long span;
    private long next;
    private final long[] recids = new long[SPAN];
    private final int[] lengths = new int[SPAN];
    private int live;
    private long liveBytes;

    Segment(long span) {
        this.span = span;
    }

    static long spanOf(long seq) {
        return seq / SPAN;
    }

    long span() {
        return span;
    }

    long next() {
        return next;
    }

    void next(long nextRecid) {
        this.next = nextRecid;
    }

    int live() {
        return live;
    }

    long liveBytes() {
        return liveBytes;
    }

    boolean isEmpty() {
        return live == 0;
    }

    void put(long seq, long recid, int length) {
        int slot = slot(seq);
        if (recids[slot] != 0) {
            throw new IllegalStateException("seq " + seq + " is already in the store");
        }
        recids[slot] = recid;
        lengths[slot] = length;
        live++;
        liveBytes += length;
    }

    /** Record id of {@code seq}'s payload, 0 when absent. */
    long recid(long seq) {
        return recids[slot(seq)];
    }

    int length(long seq) {
        return lengths[slot(seq)];
    }

    /** Forgets {@code seq}; returns its payload's record id, or 0 when it was not here. */
    long remove(long seq) {
        int slot = slot(seq);
        long recid = recids[slot];
        if (recid != 0) {
            recids[slot] = 0;
            live--;
            liveBytes -= lengths[slot];
            lengths[slot] = 0;
        }
        return recid;
    }

    /** The smallest seq present that is greater than {@code afterSeq}, or 0 when none is. */
    long firstSeqAfter(long afterSeq) {
        long base = span * SPAN;
        for (int slot = (int) Math.max(0, afterSeq + 1 - base); slot < SPAN; slot++) {
            if (recids[slot] != 0) {
                return base + slot;
            }
        }
        return 0;
    }

    private int slot(long seq) {
        long slot = seq - span * SPAN;
        if (slot < 0 || slot >= SPAN) {
            throw new IllegalArgumentException("seq " + seq + " is not in segment " + span);
        }
        return (int) slot;
    }

    private static final class SegmentSerializer implements Serializer<Segment> {

        private static final byte VERSION = 1;

        @Override
        public void serialize(DataOutput2 out, Segment segment) throws IOException {
            int start = out.pos;
            out.writeByte(VERSION);
            out.writeLong(segment.span);
            out.writeLong(segment.next);
            out.writeShort(segment.live);
            for (int slot = 0; slot < SPAN; slot++) {
                if (segment.recids[slot] != 0) {
                    out.writeByte(slot);
                    out.writeLong(segment.recids[slot]);
                    out.writeInt(segment.lengths[slot]);
                }
            }
            ChecksumFrame.close(out, start);
        }

        @Override
        public Segment deserialize(DataInput2 in, int available) throws IOException {
            ByteBuffer body = ChecksumFrame.open(in, available, "segment");
            try {
                if (body.get() != VERSION) {
                    throw new CorruptRecordException("segment record has an unknown version");
                }
                Segment segment = new Segment(body.getLong());
                segment.next = body.getLong();
                int count = body.getShort();
                for (int i = 0; i < count; i++) {
                    int slot = body.get() & 0xff;
                    long recid = body.getLong();
                    int length = body.getInt();
                    if (slot >= SPAN || recid <= 0 || length < 0) {
                        throw new CorruptRecordException("segment " + segment.span + " has a bad entry");
                    }
                    segment.put(segment.span * SPAN + slot, recid, length);
                }
                return segment;
            } catch (java.nio.BufferUnderflowException | IllegalStateException e) {
                throw new CorruptRecordException("segment record does not parse: " + e.getMessage());
            }
        }

        @Override
        public boolean isTrusted() {
            return true;
        }
    }
}
