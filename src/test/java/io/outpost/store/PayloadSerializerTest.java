package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Lane;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;

class PayloadSerializerTest {

    private static byte[] serialize(byte[] payload) throws Exception {
        DataOutput2 out = new DataOutput2();
        PayloadSerializer.INSTANCE.serialize(out, payload);
        return out.copyBytes();
    }

    @Test
    void aPayloadComesBackAsItWasWrittenFromARecordOfItsSizeClass() throws Exception {
        for (int length : new int[] {0, 1, 100, 248, 249, 1000, 30_000, 70_000}) {
            byte[] payload = Payloads.sized(Lane.TELEMETRY, length, length);
            byte[] record = serialize(payload);
            assertEquals(PayloadSerializer.storedSize(length), record.length);
            assertArrayEquals(payload, PayloadSerializer.INSTANCE.deserialize(new DataInput2.ByteArray(record), record.length));
        }
    }

    @Test
    void sizeClassesWasteLittleAndAreFewSoFreedSlotsFitNewRecords() {
        Set<Integer> classes = new HashSet<>();
        for (int length = 0; length <= 40_000; length++) {
            int stored = PayloadSerializer.storedSize(length);
            assertEquals(0, stored % 16, "MapDB allocates in 16-byte units");
            assertTrue(stored >= length + 8);
            assertTrue(stored - length - 8 <= Math.max(15, (length + 8) / 16), "waste at " + length);
            if (length >= 20_000 && length < 40_000) {
                classes.add(stored);
            }
        }
        assertTrue(classes.size() <= 20, classes.size() + " size classes between 20 and 40 kB");
    }

    @Test
    void aDamagedPayloadIsDetected() throws Exception {
        byte[] record = serialize(Payloads.of(Lane.ALARMS, 7));
        record[20] ^= 0x40;
        assertThrows(CorruptRecordException.class,
                () -> PayloadSerializer.INSTANCE.deserialize(new DataInput2.ByteArray(record), record.length));
    }
}
