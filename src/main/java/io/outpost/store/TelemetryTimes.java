package io.outpost.store;

import io.outpost.value.Lane;
import io.outpost.value.TagId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest sample ts per tag in stored telemetry records, in whichever encoding each was stored
 * ({@link RecordFormat}): what the time marks of a restart must be raised to for the records the last
 * marks written do not reach, read with {@link TelemetryTags}.
 */
public final class TelemetryTimes {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryTimes.class);
    /** Records are up to {@code max_batch_bytes} each: a page stays a few MB however large they are. */
    private static final int PAGE_RECORDS = 64;

    private TelemetryTimes() {
    }

    /**
     * Per tag, the newest sample ts in the telemetry records of {@code store} with a seq above
     * {@code afterSeq}. A record that cannot be read is reported and passed over: its times are lost to
     * the restart, not the start.
     */
    public static Map<TagId, Long> newestAfter(RecordStore store, long afterSeq) {
        long started = System.nanoTime();
        Map<TagId, Long> newest = new HashMap<>();
        long after = afterSeq;
        int records = 0;
        for (List<StoredRecord> page; !(page = store.read(Lane.TELEMETRY, after, PAGE_RECORDS)).isEmpty(); ) {
            for (StoredRecord record : page) {
                try {
                    newestPerTag(record.payload()).forEach((tag, ts) -> newest.merge(tag, ts, Math::max));
                } catch (IllegalArgumentException e) {
                    LOG.warn("event=telemetry-times-unreadable seq={} error=\"{}\"", record.seq(), e.getMessage());
                }
                after = record.seq();
                records++;
            }
        }
        LOG.info("event=telemetry-times-read after_seq={} records={} tags={} ms={}", afterSeq, records, newest.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return newest;
    }

    /**
     * Per tag, the newest sample ts of one telemetry record.
     *
     * @throws IllegalArgumentException when the payload is not a telemetry record
     */
    public static Map<TagId, Long> newestPerTag(byte[] payload) {
        Map<TagId, Long> newest = new HashMap<>();
        TelemetryTags.forEach(payload, (tag, ts) -> newest.merge(tag, ts, Math::max));
        return newest;
    }
}
