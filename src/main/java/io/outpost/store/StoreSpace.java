package io.outpost.store;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import java.util.List;

/**
 * What counts against {@code store.max_size}, and which records make room when it is reached.
 *
 * <p>A record counts as its payload's size class on disk plus a fixed estimate for its index entry
 * and MapDB's record header. The file's own fixed overhead (header, index pages, about 1-2 MB) is
 * not counted; see {@link MapDbRecordStore} for how the file size is kept near the live data.
 *
 * <p>Eviction follows lane priority (alarms, events, telemetry): oldest telemetry goes first, then
 * events, then alarms. A record never pushes out a record of a more important lane, so with
 * {@code drop-oldest} a telemetry append may drop telemetry only, an event append telemetry and
 * events, an alarm append anything. With {@code reject-new} only alarms make room (from telemetry,
 * then events); everything else is refused while the store is full.
 */
final class StoreSpace {

    /** Index entry (13 bytes), MapDB index value (8) and alignment, rounded up. */
    static final int ENTRY_OVERHEAD = 32;

    private static final List<Lane> EVICTION_ORDER = List.of(Lane.TELEMETRY, Lane.EVENTS, Lane.ALARMS);

    private final long maxBytes;
    private final OnFull onFull;

    StoreSpace(long maxBytes, OnFull onFull) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("store.max_size must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.onFull = onFull;
    }

    static long footprint(int payloadLength) {
        return PayloadSerializer.storedSize(payloadLength) + ENTRY_OVERHEAD;
    }

    long maxBytes() {
        return maxBytes;
    }

    OnFull onFull() {
        return onFull;
    }

    /** Lanes whose oldest records may be dropped to make room for a record of {@code incoming}, in drop order. */
    List<Lane> evictableFor(Lane incoming) {
        if (onFull == OnFull.REJECT_NEW) {
            return incoming == Lane.ALARMS ? List.of(Lane.TELEMETRY, Lane.EVENTS) : List.of();
        }
        return EVICTION_ORDER.stream().filter(lane -> lane.ordinal() >= incoming.ordinal()).toList();
    }
}
