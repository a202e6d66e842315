package io.outpost.store;

import java.io.IOException;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;

/**
 * One record's payload on disk: length, CRC32C, the bytes, then zero padding up to a size class.
 *
 * <p>Why the padding: MapDB reuses a freed slot only for a record of exactly the same size (rounded to
 * 16 bytes). Telemetry payloads vary by a few bytes each, so without size classes almost nothing
 * would be reused and the file would grow for ever. Classes are 1/16 of a power of two apart (at
 * most 6.25% waste), so a steady stream of similar records recycles the slots of acknowledged ones.
 */
final class PayloadSerializer implements Serializer<byte[]> {

    static final PayloadSerializer INSTANCE = new PayloadSerializer();

    private static final int HEADER_BYTES = 8;
    private static final int SMALL = 256;
    private static final byte[] ZEROS = new byte[4096];

    private PayloadSerializer() {
    }

    /** Bytes MapDB stores for a payload of this length. */
    static int storedSize(int payloadLength) {
        int raw = HEADER_BYTES + payloadLength;
        if (raw <= SMALL) {
            return roundUp(raw, 16);
        }
        int step = Integer.highestOneBit(raw - 1) / 16;
        return roundUp(raw, step);
    }

    private static int roundUp(int value, int step) {
        return (value + step - 1) / step * step;
    }

    @Override
    public void serialize(DataOutput2 out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.writeInt(ChecksumFrame.crcOf(payload));
        out.write(payload);
        for (int padding = storedSize(payload.length) - HEADER_BYTES - payload.length; padding > 0; ) {
            int n = Math.min(padding, ZEROS.length);
            out.write(ZEROS, 0, n);
            padding -= n;
        }
    }

    @Override
    public byte[] deserialize(DataInput2 in, int available) throws IOException {
        if (available < HEADER_BYTES) {
            throw new CorruptRecordException("payload record too short: " + available + " bytes");
        }
        int length = in.readInt();
        int crc = in.readInt();
        if (length < 0 || length > available - HEADER_BYTES) {
            throw new CorruptRecordException("payload length " + length + " does not fit its record of "
                    + available + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (ChecksumFrame.crcOf(payload) != crc) {
            throw new CorruptRecordException("payload failed its checksum");
        }
        return payload;
    }

    @Override
    public boolean isTrusted() {
        return true;
    }
}
