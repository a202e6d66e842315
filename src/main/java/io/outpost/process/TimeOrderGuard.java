package io.outpost.process;

import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every tag's samples in time order (SPEC §4), once for every source type, across restarts.
 * A sample whose ts is not after the last one handed on for its tag is kept, not dropped, with its ts
 * raised to that last ts + 1 ms (equal timestamps would overwrite a point in most time-series
 * databases), and counted in {@link #restamped()}. Sources may go back in time for many reasons: a
 * server's source timestamps behind the gateway clock, a clock set back by NTP, a restart.
 *
 * <p>Across restarts: {@link #persist()} writes the last ts of every tag to {@link TagTimeFile}, and
 * the record batcher calls it before each record goes to the store. The file therefore covers every
 * record the store may commit, whether it is still queued or already delivered and deleted; a crash
 * between that write and the commit only leaves the file ahead by samples that were never stored,
 * which is harmless.
 *
 * <p>Thread-safe: sources call {@link #accept} from their threads (each tag's state is updated
 * atomically); {@link #persist} is serialised on this object and never waits for {@link #accept}.
 */
public final class TimeOrderGuard implements SampleSink {

    private static final Logger log = LoggerFactory.getLogger(TimeOrderGuard.class);

    private final SampleSink downstream;
    private final TagTimeFile file;
    private final Map<TagId, TagTime> last = new ConcurrentHashMap<>();
    private final AtomicLong restamped = new AtomicLong();
    /** Samples handed on so far: {@link #persist} writes only when it moved. */
    private final AtomicLong handedOn = new AtomicLong();
    /** Guarded by this; the value of {@link #handedOn} the file was last written at. */
    private long persistedAt = -1;
    /** Guarded by this; so a failing disk is reported once, not once per record. */
    private boolean persistFailing;

    private TimeOrderGuard(TagTimeFile file, Map<TagId, Long> times, SampleSink downstream) {
        this.file = file;
        this.downstream = downstream;
        times.forEach((tag, ts) -> last.put(tag, new TagTime(ts, false, false)));
    }

    /** A guard that starts from the times kept in {@code dataDir} and hands samples to {@code downstream}. */
    public static TimeOrderGuard open(Path dataDir, SampleSink downstream) {
        TagTimeFile.Loaded loaded = TagTimeFile.load(dataDir);
        log.info("event=tag-times-loaded tags={} data_dir={}", loaded.times().size(), dataDir);
        return new TimeOrderGuard(loaded.file(), loaded.times(), downstream);
    }

    @Override
    public void accept(Sample sample) {
        TagTime time = last.compute(sample.tag(), (tag, previous) -> {
            if (previous == null || sample.tsMillis() > previous.ts) {
                return new TagTime(sample.tsMillis(), false, false);
            }
            return new TagTime(previous.ts + 1, true, !previous.restamped);
        });
        handedOn.incrementAndGet();
        if (!time.restamped) {
            downstream.accept(sample);
            return;
        }
        restamped.incrementAndGet();
        if (time.firstOfRun) {
            // Once per run of late samples, not per sample: the counter tells how many.
            log.warn("event=sample-restamped tag={} ts={} stamped={} reason=not-after-last-sample",
                    sample.tag(), sample.tsMillis(), time.ts);
        }
        downstream.accept(new Sample(sample.tag(), time.ts, sample.value(), sample.quality()));
    }

    /**
     * Writes the last ts of every tag durably, if any sample was handed on since the last write. A
     * write that fails is reported and the data path goes on: the samples matter more than their
     * order after a restart.
     */
    public synchronized void persist() {
        long at = handedOn.get();
        if (at == persistedAt) {
            return;
        }
        Map<TagId, Long> times = new HashMap<>();
        last.forEach((tag, time) -> times.put(tag, time.ts));
        try {
            file.write(times);
            persistedAt = at;
            if (persistFailing) {
                persistFailing = false;
                log.info("event=tag-times-written-again tags={}", times.size());
            }
        } catch (IOException e) {
            if (!persistFailing) {
                persistFailing = true;
                log.warn("event=tag-times-unwritten error=\"{}\" effect=\"time order within a tag is not kept"
                        + " across a restart until the write succeeds\"", e.getMessage());
            }
        }
    }

    /** Samples whose ts was raised to keep their tag in time order, since start. */
    public long restamped() {
        return restamped.get();
    }

    /**
     * @param restamped whether the last sample's ts was raised
     * @param firstOfRun whether it was the first raised after one in order (or since start)
     */
    private record TagTime(long ts, boolean restamped, boolean firstOfRun) {
    }
}
