package io.outpost.store;

import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;

/**
 * The store file's root record: per lane, the last seq assigned, the records dropped so far and the
 * first segment of its chain. Rewritten in every commit, so a lane's seq is persisted in the same
 * commit as the records that used it.
 */
record StoreRoot(Map<Lane, LaneHead> lanes) {

    static final Serializer<StoreRoot> SERIALIZER = new RootSerializer();

    /** One lane's persisted head. {@code firstSegment} is a MapDB record id, 0 when the lane is empty. */
    record LaneHead(long lastSeq, long droppedRecords, long firstSegment) {
        static final LaneHead EMPTY = new LaneHead(0, 0, 0);
    }

    StoreRoot {
        EnumMap<Lane, LaneHead> copy = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            copy.put(lane, lanes.getOrDefault(lane, LaneHead.EMPTY));
        }
        lanes = Collections.unmodifiableMap(copy);
    }

    static StoreRoot empty() {
        return new StoreRoot(Map.of());
    }

    LaneHead lane(Lane lane) {
        return lanes.get(lane);
    }

    private static final class RootSerializer implements Serializer<StoreRoot> {

        private static final byte VERSION = 1;

        @Override
        public void serialize(DataOutput2 out, StoreRoot root) throws IOException {
            int start = out.pos;
            out.writeByte(VERSION);
            out.writeByte(root.lanes.size());
            for (Map.Entry<Lane, LaneHead> e : root.lanes.entrySet()) {
                byte[] name = e.getKey().wireName().getBytes(StandardCharsets.US_ASCII);
                out.writeByte(name.length);
                out.write(name);
                out.writeLong(e.getValue().lastSeq());
                out.writeLong(e.getValue().droppedRecords());
                out.writeLong(e.getValue().firstSegment());
            }
            ChecksumFrame.close(out, start);
        }

        @Override
        public StoreRoot deserialize(DataInput2 in, int available) throws IOException {
            ByteBuffer body = ChecksumFrame.open(in, available, "root");
            try {
                if (body.get() != VERSION) {
                    throw new CorruptRecordException("root record has an unknown version");
                }
                int count = body.get();
                Map<Lane, LaneHead> lanes = new EnumMap<>(Lane.class);
                for (int i = 0; i < count; i++) {
                    byte[] name = new byte[body.get()];
                    body.get(name);
                    LaneHead head = new LaneHead(body.getLong(), body.getLong(), body.getLong());
                    laneNamed(new String(name, StandardCharsets.US_ASCII)).ifPresent(lane -> lanes.put(lane, head));
                }
                return new StoreRoot(lanes);
            } catch (BufferUnderflowException | NegativeArraySizeException e) {
                throw new CorruptRecordException("root record does not parse");
            }
        }

        private static java.util.Optional<Lane> laneNamed(String wireName) {
            for (Lane lane : Lane.values()) {
                if (lane.wireName().equals(wireName)) {
                    return java.util.Optional.of(lane);
                }
            }
            return java.util.Optional.empty();
        }

        @Override
        public boolean isTrusted() {
            return true;
        }
    }
}
