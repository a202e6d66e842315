package io.outpost.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleTest {

    private static final TagId TAG = TagId.parse("plc/pressure");

    @Test
    void aBadSampleHasNoReadingWhateverItsValueSays() {
        assertEquals(Optional.empty(), new Sample(TAG, 1, Value.NONE, Quality.BAD).reading());
        assertEquals(Optional.empty(), new Sample(TAG, 1, Value.of("Bad_NodeIdUnknown"), Quality.BAD).reading());
        assertEquals(Optional.of(Value.of(2.5)), new Sample(TAG, 1, Value.of(2.5), Quality.UNCERTAIN).reading());
        assertEquals(Optional.of(Value.of(Double.NaN)), new Sample(TAG, 1, Value.of(Double.NaN), Quality.GOOD).reading());
    }

    @Test
    void onlyABadSampleMayBeWithoutAValue() {
        assertEquals("a good sample of plc/pressure needs a value",
                assertThrows(IllegalArgumentException.class, () -> new Sample(TAG, 1, Value.NONE, Quality.GOOD)).getMessage());
    }
}
