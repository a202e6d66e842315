package io.outpost.store;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;

/**
 * The named states of the store file ({@link StoreState}), all in one MapDB record that a commit
 * rewrites when one of them changed. Kept apart from {@link StoreRoot}, which every commit rewrites,
 * and reached from its own catalog name, so a file written before states existed opens unchanged.
 */
record StoreStates(Map<String, byte[]> byName) {

    static final Serializer<StoreStates> SERIALIZER = new StatesSerializer();
    static final StoreStates EMPTY = new StoreStates(Map.of());

    StoreStates {
        byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    StoreStates with(Map<String, byte[]> changed) {
        Map<String, byte[]> merged = new TreeMap<>(byName);
        merged.putAll(changed);
        return new StoreStates(merged);
    }

    private static final class StatesSerializer implements Serializer<StoreStates> {

        private static final byte VERSION = 1;

        @Override
        public void serialize(DataOutput2 out, StoreStates states) throws IOException {
            int start = out.pos;
            out.writeByte(VERSION);
            out.writeInt(states.byName.size());
            for (Map.Entry<String, byte[]> e : states.byName.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
                out.writeByte(name.length);
                out.write(name);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            ChecksumFrame.close(out, start);
        }

        @Override
        public StoreStates deserialize(DataInput2 in, int available) throws IOException {
            ByteBuffer body = ChecksumFrame.open(in, available, "states");
            try {
                if (body.get() != VERSION) {
                    throw new CorruptRecordException("states record has an unknown version");
                }
                int count = body.getInt();
                Map<String, byte[]> byName = new TreeMap<>();
                for (int i = 0; i < count; i++) {
                    byte[] name = new byte[body.get()];
                    body.get(name);
                    byte[] bytes = new byte[body.getInt()];
                    body.get(bytes);
                    byName.put(new String(name, StandardCharsets.US_ASCII), bytes);
                }
                return new StoreStates(byName);
            } catch (BufferUnderflowException | NegativeArraySizeException e) {
                throw new CorruptRecordException("states record does not parse");
            }
        }

        @Override
        public boolean isTrusted() {
            return true;
        }
    }
}
