package io.outpost.process;

import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import io.outpost.value.TagId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every tag's samples in time order (SPEC §4), once for every source type, across restarts.
 * A sample whose ts is not after the last one handed on for its tag is kept, not dropped, with its ts
 * raised to that last ts + 1 ms (equal timestamps would overwrite a point in most time-series
 * databases), and counted in {@link #restamped()}. Sources may go back in time for many reasons: a
 * server's source timestamps behind the gateway clock, a clock set back by NTP, a restart.
 *
 * <p>A ts more than {@link #MAX_AHEAD_MILLIS} ahead of the gateway's clock is not believed either: it
 * would hold every later sample of its tag back (and, persisted, across restarts too), so it is
 * restamped to the gateway's clock and counted the same way.
 *
 * <p>A gateway clock before {@link #CLOCK_SET_FLOOR_MILLIS} has not been set yet (a board without a
 * real-time clock boots at 1970 until NTP answers). A sample stamped before that floor is kept, never
 * dropped for it, and marked: a {@code good} one goes on as {@code uncertain} (SPEC §4), counted in
 * {@link #clockUnset()}, and the first of each run is logged. While the gateway's clock is unset, a
 * sample's later ts (a server's or a device's own clock) is believed rather than pulled back to the
 * gateway's: the five-minute check above needs a clock to check against.
 *
 * <p>Across restarts: {@link #persist} writes the last ts of every tag to {@link TagTimeFile}, with the
 * seq of the last telemetry record the write covers; the store runs it on its writer thread before a
 * commit, at most once a second. Every sample of a record up to that seq passed this guard before the
 * write, so the file covers those records, whether still queued or already delivered and deleted; a
 * crash between the write and the commit only leaves the file ahead by samples never stored, which is
 * harmless. The records above that seq are not covered, and the store keeps every one of them until a
 * later write covers it (it holds their acknowledgements back; only a write that fails, which is
 * reported, lets them go). So at open the marks are joined with the
 * newest times in the records the store still holds above the covered seq ({@code recordedAfter}, the
 * store's reading, passed in: this package knows no store), and the guard starts from the later of the
 * two per tag. Tags no longer in the config are forgotten at open, so the file stays the size of the
 * config.
 *
 * <p>Thread-safe: sources call {@link #accept} from their threads; the check and the hand-on are one
 * step under this object's lock, so two threads feeding one tag (a poll and a command's read-back)
 * cannot overtake each other between them. {@link #persist} reads the marks without that lock, so the
 * store's writer never waits for a source.
 */
public final class TimeOrderGuard implements SampleSink {

    private static final Logger log = LoggerFactory.getLogger(TimeOrderGuard.class);
    /** How far ahead of the gateway's clock a sample's ts is still believed. */
    static final long MAX_AHEAD_MILLIS = 5 * 60_000L;
    /** 2025-01-01T00:00:00Z: a clock before it, or a sample stamped before it, was not set; no release predates it. */
    public static final long CLOCK_SET_FLOOR_MILLIS = 1_735_689_600_000L;

    private final SampleSink downstream;
    private final LongSupplier clock;
    private final TagTimeFile file;
    private final Map<TagId, TagTime> last = new ConcurrentHashMap<>();
    private final AtomicLong restamped = new AtomicLong();
    private final AtomicLong clockUnset = new AtomicLong();
    /** Guarded by this object's lock: whether the last sample was stamped before the clock was set. */
    private boolean inUnsetRun;
    /** Samples handed on so far: {@link #persist} writes only when it moved. */
    private final AtomicLong handedOn = new AtomicLong();
    private final Object persisting = new Object();
    /** Guarded by {@link #persisting}; the value of {@link #handedOn} the file was last written at. */
    private long persistedAt = -1;
    /** Guarded by {@link #persisting}; so a failing disk is reported once, not once per record. */
    private boolean persistFailing;

    private TimeOrderGuard(TagTimeFile file, Map<TagId, Long> times, LongSupplier clock, SampleSink downstream) {
        this.file = file;
        this.clock = clock;
        this.downstream = downstream;
        times.forEach((tag, ts) -> last.put(tag, new TagTime(ts)));
    }

    /**
     * A guard that starts, for the {@code configured} tags, from the times kept in {@code dataDir}
     * joined with {@code recordedAfter} (see {@link #startTimes}), and hands samples to
     * {@code downstream}; {@code clock} is the gateway's, in ms since the epoch.
     *
     * @param recordedAfter per tag, the newest sample ts in the telemetry records still stored with a
     *     seq above the given one
     */
    public static TimeOrderGuard open(Path dataDir, Set<TagId> configured, LongFunction<Map<TagId, Long>> recordedAfter,
            LongSupplier clock, SampleSink downstream) {
        TagTimeFile.Loaded loaded = TagTimeFile.load(dataDir);
        Map<TagId, Long> kept = join(loaded, recordedAfter);
        int known = kept.size();
        kept.keySet().retainAll(configured);
        log.info("event=tag-times-loaded tags={} forgotten={} covered_seq={} raised_by_records={} data_dir={}",
                kept.size(), known - kept.size(), loaded.coveredSeq().isPresent() ? loaded.coveredSeq().getAsLong() : "none",
                raisedByRecords(loaded.times(), kept), dataDir);
        return new TimeOrderGuard(loaded.file(), kept, clock, downstream);
    }

    /**
     * The times a guard opened over {@code dataDir} would start from: per tag, the later of the newest
     * intact write and the newest sample in the records above the seq that write covers. With no
     * intact write (a first start, or the files deleted) there is nothing to start from, as before
     * marks were joined with records; a write from before covered seqs were kept covers none, and
     * every record counts.
     */
    public static Map<TagId, Long> startTimes(Path dataDir, LongFunction<Map<TagId, Long>> recordedAfter) {
        return Map.copyOf(join(TagTimeFile.load(dataDir), recordedAfter));
    }

    /** The times of the newest intact write in {@code dataDir}, alone. */
    public static Map<TagId, Long> storedTimes(Path dataDir) {
        return Map.copyOf(TagTimeFile.load(dataDir).times());
    }

    /** The seq of the last telemetry record the newest intact write covers; empty when none is intact. */
    public static OptionalLong storedCoveredSeq(Path dataDir) {
        return TagTimeFile.load(dataDir).coveredSeq();
    }

    private static Map<TagId, Long> join(TagTimeFile.Loaded loaded, LongFunction<Map<TagId, Long>> recordedAfter) {
        Map<TagId, Long> times = new HashMap<>(loaded.times());
        loaded.coveredSeq().ifPresent(covered ->
                recordedAfter.apply(covered).forEach((tag, ts) -> times.merge(tag, ts, Math::max)));
        return times;
    }

    private static long raisedByRecords(Map<TagId, Long> marks, Map<TagId, Long> started) {
        return started.entrySet().stream().filter(e -> !e.getValue().equals(marks.get(e.getKey()))).count();
    }

    @Override
    public synchronized void accept(Sample sample) {
        TagTime time = last.get(sample.tag());
        long now = clock.getAsLong();
        boolean ahead = now >= CLOCK_SET_FLOOR_MILLIS && sample.tsMillis() > now + MAX_AHEAD_MILLIS;
        long ts = ahead ? now : sample.tsMillis();
        boolean firstOfRun = time == null || !time.restamped;
        if (time == null) {
            time = new TagTime(ts);
            time.restamped = ahead;
            last.put(sample.tag(), time);
        } else if (ts > time.ts) {
            time.restamped = ahead;
            time.ts = ts;
        } else {
            time.restamped = true;
            time.ts = time.ts + 1;
        }
        handedOn.incrementAndGet();
        Quality quality = markUnsetClock(sample);
        if (!time.restamped && quality == sample.quality()) {
            downstream.accept(sample);
            return;
        }
        if (time.restamped) {
            restamped.incrementAndGet();
            if (firstOfRun) {
                // Once per run of late samples, not per sample: the counter tells how many.
                log.warn("event=sample-restamped tag={} ts={} stamped={} reason={}", sample.tag(), sample.tsMillis(),
                        time.ts, sample.tsMillis() > time.ts ? "ahead-of-gateway-clock" : "not-after-last-sample");
            }
        }
        downstream.accept(new Sample(sample.tag(), time.ts, sample.value(), quality));
    }

    /** The quality {@code sample} goes on with: {@code uncertain} for a good one stamped before the clock was set. */
    private Quality markUnsetClock(Sample sample) {
        boolean unset = sample.tsMillis() < CLOCK_SET_FLOOR_MILLIS;
        if (unset) {
            clockUnset.incrementAndGet();
            if (!inUnsetRun) {
                log.warn("event=sample-clock-unset tag={} ts={} effect=\"kept and sent as uncertain until the clock is"
                        + " set (NTP, an RTC)\"", sample.tag(), sample.tsMillis());
            }
        }
        inUnsetRun = unset;
        return unset && sample.quality() == Quality.GOOD ? Quality.UNCERTAIN : sample.quality();
    }

    /**
     * Makes the last ts of every tag durable, covering every telemetry record up to {@code coveredSeq}
     * (the caller's word: every sample of those records was handed on before this call). Writes only
     * if a sample was handed on since the last write: otherwise the file on disk already holds every
     * time handed on, so it covers those records too, though it names an older seq (a start then reads
     * a few more records than it must). A write that fails is reported and the data path goes on: the
     * samples matter more than their order after a restart.
     *
     * @return whether the times on disk cover those records: false when the write failed
     */
    public boolean persist(long coveredSeq) {
        synchronized (persisting) {
            return persistLocked(coveredSeq);
        }
    }

    private boolean persistLocked(long coveredSeq) {
        long at = handedOn.get();
        if (at == persistedAt) {
            return true;
        }
        Map<TagId, Long> times = new HashMap<>();
        last.forEach((tag, time) -> times.put(tag, time.ts));
        try {
            file.write(times, coveredSeq);
            persistedAt = at;
            if (persistFailing) {
                persistFailing = false;
                log.info("event=tag-times-written-again tags={}", times.size());
            }
            return true;
        } catch (IOException e) {
            if (!persistFailing) {
                persistFailing = true;
                log.warn("event=tag-times-unwritten error=\"{}\" effect=\"time order within a tag is not kept"
                        + " across a restart until the write succeeds\"", e.getMessage());
            }
            return false;
        }
    }

    /** Samples stamped before the clock was set ({@link #CLOCK_SET_FLOOR_MILLIS}), since start. */
    public long clockUnset() {
        return clockUnset.get();
    }

    /** Samples whose ts was raised to keep their tag in time order, since start. */
    public long restamped() {
        return restamped.get();
    }

    /**
     * A tag's last handed-on ts, changed in place under the guard's lock: a map entry and an object per
     * sample were most of the guard's cost at 10,000 samples a second. {@link #persist} reads {@code ts}
     * without the lock, hence volatile.
     */
    private static final class TagTime {
        private volatile long ts;
        /** Guarded by the guard's lock: whether the last sample's ts was raised (ahead of the clock or not after the one before). */
        private boolean restamped;

        TagTime(long ts) {
            this.ts = ts;
        }
    }
}
