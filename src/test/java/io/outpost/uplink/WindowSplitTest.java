package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowSplitTest {

    @Test
    void withoutSubscriptionsRecordsGetUpToTheReceiveMaximum() {
        assertEquals(10, WindowSplit.of(32, 10, false).records());
        assertEquals(3, WindowSplit.of(3, 10, false).records());
    }

    @Test
    void withSubscriptionsAFewSlotsAreKeptForReplies() {
        assertEquals(new WindowSplit(6, 4, false), WindowSplit.of(32, 10, true));
        assertEquals(new WindowSplit(3, 4, false), WindowSplit.of(3, 10, true), "a small window leaves the broker room for all reply slots");
        assertEquals(new WindowSplit(32, 4, false), WindowSplit.of(32, 65_535, true));
    }

    @Test
    void aTinyReceiveMaximumStillLeavesOneSlotForEach() {
        assertEquals(new WindowSplit(1, 1, true), WindowSplit.of(32, 1, true));
        assertEquals(new WindowSplit(1, 2, false), WindowSplit.of(32, 3, true));
    }
}
