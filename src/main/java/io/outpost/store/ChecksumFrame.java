package io.outpost.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;

/**
 * The framing shared by the store's small structural records (root, segments): the body followed by
 * a CRC32C of it, so damage on disk is detected when the record is read instead of being trusted.
 */
final class ChecksumFrame {

    private ChecksumFrame() {
    }

    /** Appends the CRC of everything written to {@code out} since {@code bodyStart}. */
    static void close(DataOutput2 out, int bodyStart) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(out.buf, bodyStart, out.pos - bodyStart);
        out.writeInt((int) crc.getValue());
    }

    /** Reads a whole framed record and returns its body, or throws if the CRC does not match. */
    static ByteBuffer open(DataInput2 in, int available, String what) throws IOException {
        if (available < 4) {
            throw new CorruptRecordException(what + " record too short: " + available + " bytes");
        }
        byte[] bytes = new byte[available];
        in.readFully(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, available - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, available - 4, 4).getInt()) {
            throw new CorruptRecordException(what + " record failed its checksum");
        }
        return ByteBuffer.wrap(bytes, 0, available - 4);
    }

    static int crcOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }
}
