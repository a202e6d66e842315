package io.outpost.store;

import io.outpost.value.Lane;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When the oldest record still queued on a lane was made: how far behind the broker a lane is, in time. */
public final class RecordTimes {

    /** The JSON header is written in a fixed order (gw, seq, boot, ts) by our encoder; no need to parse the samples. */
    private static final Pattern JSON_TS = Pattern.compile("\"ts\":(\\d+)");
    private static final int JSON_HEADER_CHARS = 256;

    private RecordTimes() {
    }

    /** The {@code ts} of the oldest committed record of {@code lane}, empty when the lane is empty or unreadable. */
    public static OptionalLong oldest(RecordStore store, Lane lane) {
        List<StoredRecord> first = store.read(lane, 0, 1);
        if (first.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(madeAt(first.get(0).payload()));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /** The record's own {@code ts}, JSON or compact. */
    static long madeAt(byte[] payload) {
        if (RecordFormat.of(payload) == RecordFormat.CBOR) {
            return CompactTelemetryReader.madeAt(payload);
        }
        String head = new String(payload, 0, Math.min(payload.length, JSON_HEADER_CHARS), StandardCharsets.UTF_8);
        Matcher ts = JSON_TS.matcher(head);
        if (!ts.find()) {
            throw new IllegalArgumentException("a record without ts in its header");
        }
        return Long.parseLong(ts.group(1));
    }
}
