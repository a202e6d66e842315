package io.outpost.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A record's bytes are part of the contract (a redelivered record is byte-for-byte the first one, and
 * consumers parse them): these were captured from the encoder before its JSON library changed, and any
 * change to the encoding shows here first.
 */
class RecordGoldenTest {

    private final RecordEncoder encoder = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT);

    @Test
    void telemetryRecordBytesAreTheGoldenOnes() throws IOException {
        assertBytes("golden/telemetry-record.json",
                encoder.telemetry(1042, 1763769600123L, RepresentativeRecords.readings()));
    }

    @Test
    void eventRecordBytesAreTheGoldenOnes() throws IOException {
        assertBytes("golden/event-record.json",
                encoder.event(7, 1763769600500L, "drop", RepresentativeRecords.eventFields()));
    }

    private static void assertBytes(String resource, byte[] actual) throws IOException {
        byte[] golden;
        try (InputStream in = RecordGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            golden = in.readAllBytes();
        }
        // The text first, for a readable difference; then the bytes, which are what is pinned.
        assertEquals(new String(golden, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(golden, actual);
    }
}
