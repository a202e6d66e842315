package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.value.Lane;
import org.junit.jupiter.api.Test;

class AcknowledgedSeqsTest {

    private final AcknowledgedSeqs seqs = new AcknowledgedSeqs();

    @Test
    void remembersAcknowledgedSeqsPerLane() {
        seqs.add(Lane.TELEMETRY, 7);
        assertTrue(seqs.contains(Lane.TELEMETRY, 7));
        assertFalse(seqs.contains(Lane.ALARMS, 7));
        assertFalse(seqs.contains(Lane.TELEMETRY, 8));
    }

    @Test
    void forgetsTheSeqsAReadFoundOutOfTheStoreAndKeepsTheRest() {
        for (long s = 1; s <= 10; s++) {
            seqs.add(Lane.TELEMETRY, s);
        }
        seqs.gone(Lane.TELEMETRY, 0, 6);
        assertFalse(seqs.contains(Lane.TELEMETRY, 5));
        assertTrue(seqs.contains(Lane.TELEMETRY, 6), "the record the read found is still there");
        assertEquals(5, seqs.size(Lane.TELEMETRY));
        seqs.gone(Lane.TELEMETRY, 7, Long.MAX_VALUE);
        assertTrue(seqs.contains(Lane.TELEMETRY, 7), "at or before the cursor: not what the read was about");
        assertEquals(2, seqs.size(Lane.TELEMETRY));
    }

    @Test
    void keepsAtMostItsLimitPerLaneDroppingTheOldest() {
        for (long s = 1; s <= AcknowledgedSeqs.LIMIT_PER_LANE + 10; s++) {
            seqs.add(Lane.TELEMETRY, s);
        }
        assertEquals(AcknowledgedSeqs.LIMIT_PER_LANE, seqs.size(Lane.TELEMETRY));
        assertFalse(seqs.contains(Lane.TELEMETRY, 10));
        assertTrue(seqs.contains(Lane.TELEMETRY, 11));
    }
}
