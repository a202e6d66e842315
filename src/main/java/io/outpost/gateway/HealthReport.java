package io.outpost.gateway;

import io.outpost.manage.GatewayStats;
import io.outpost.source.SourceHealth;
import io.outpost.store.EventRecorder;
import io.outpost.store.LaneAges;
import io.outpost.store.LaneStats;
import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code health} event on {@code P/events} every {@code metrics.publish_interval}: what a backend
 * without access to the metrics endpoint needs to see every gateway of a fleet. Uptime, per lane the
 * queue's records, bytes and oldest age, the sources up and down, drops since the last report, the
 * link's reconnects, the process's resident memory. Compact: a few hundred bytes for a few sources.
 *
 * <p>Runs on the {@code record-batcher} thread (the batcher's timer), one report at a time.
 */
final class HealthReport implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HealthReport.class);
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Supplier<GatewayStats> stats;
    private final LaneAges laneAges;
    private final EventRecorder events;
    private final LongSupplier clock;
    private final Map<Lane, Long> droppedAtLast = new EnumMap<>(Lane.class);

    HealthReport(Supplier<GatewayStats> stats, LaneAges laneAges, EventRecorder events, LongSupplier clock) {
        this.stats = stats;
        this.laneAges = laneAges;
        this.events = events;
        this.clock = clock;
        stats.get().lanes().forEach((lane, ls) -> droppedAtLast.put(lane, ls.droppedRecords()));
    }

    @Override
    public void run() {
        try {
            events.report("health", fields(stats.get(), clock.getAsLong()));
        } catch (RuntimeException e) {
            // A failure must not cancel the schedule: the next report tries again.
            log.warn("event=health-report-failed error=\"{}\"", e.toString());
        }
    }

    Map<String, Object> fields(GatewayStats now, long nowMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uptime_s", now.uptimeMillis() / 1000);
        Map<String, Object> queue = new LinkedHashMap<>();
        Map<String, Object> drops = new LinkedHashMap<>();
        for (Map.Entry<Lane, LaneStats> e : now.lanes().entrySet()) {
            LaneStats ls = e.getValue();
            Map<String, Object> lane = new LinkedHashMap<>();
            lane.put("records", ls.depth());
            lane.put("bytes", ls.bytes());
            lane.put("oldest_age_s", laneAges.oldestAgeMillis(e.getKey(), ls.firstSeq(), nowMillis) / 1000);
            queue.put(e.getKey().wireName(), lane);
            long before = droppedAtLast.getOrDefault(e.getKey(), 0L);
            drops.put(e.getKey().wireName(), Math.max(0, ls.droppedRecords() - before));
            droppedAtLast.put(e.getKey(), ls.droppedRecords());
        }
        out.put("queue", queue);
        List<String> up = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (Map.Entry<String, SourceHealth> e : now.sources().entrySet()) {
            (e.getValue().up() ? up : down).add(e.getKey());
        }
        out.put("sources_up", up);
        out.put("sources_down", down);
        out.put("dropped_since_last", drops);
        out.put("link", now.link().name().toLowerCase(Locale.ROOT));
        out.put("reconnects", now.uplink().disconnects());
        out.put("failed_connects", now.uplink().failedConnects());
        out.put("rss_bytes", rssBytes());
        return out;
    }

    /** The process's resident set from {@code /proc/self/status} ({@code VmRSS}), null where there is none. */
    static Long rssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs: the report goes without it.
        }
        return null;
    }
}
