package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.process.TimeOrderGuard;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.StoredRecord;
import io.outpost.store.TelemetryTimes;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.MosquittoBroker;
import io.outpost.value.Lane;
import io.outpost.value.TagId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost run} killed with SIGKILL at random moments while it stores and delivers to a
 * Mosquitto that acknowledges every record, in JSON and compact rounds over one data dir. The time
 * marks on disk are written at most once a second, so after each kill: every record up to the seq the
 * marks say they cover is at or below them, every record above it is still queued (delivered or not,
 * its acknowledgement waited for a later write), and so the times a restart starts from, the marks
 * joined with the queued records above that seq, are at or past the newest sample of every record
 * the gateway ever stored. A restart can never send a tag's samples back in time, whatever the kill hit.
 */
class TimeOrderKillIT {

    private static final int ROUNDS = 4;
    private static final String PREFIX = "outpost/kill-gw";

    @TempDir
    Path work;

    @Test
    void everyStoredRecordIsCoveredByTheMarksOrStillQueuedAfterAKillNine() throws Exception {
        Path data = work.resolve("data");
        Random random = new Random(20261202);
        int aboveCovered = 0;
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX)) {
                for (int round = 1; round <= ROUNDS; round++) {
                    String encoding = round % 2 == 1 ? "json" : "compact";
                    Path config = GatewayYaml.of("kill-gw", data)
                            .sources("""
                                    - name: sim
                                      type: simulator
                                      tags:
                                        - { name: a, signal: counter, interval: 10ms }
                                        - { name: b, signal: random-walk, interval: 10ms }
                                    """)
                            .batch(5, "20ms").uplink(broker.url("tcp")).encoding(encoding)
                            .write(work.resolve("outpost-" + round + ".yaml"));
                    try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon-" + round + ".log"), "run",
                            "-c", config.toString())) {
                        Thread.sleep(2_500 + random.nextInt(1_500));
                        assertTrue(daemon.alive(), "daemon died before the kill:\n" + daemon.output());
                        daemon.kill9();
                    }
                    awaitQuiet(cloud);
                    aboveCovered += check(round, encoding, data, cloud);
                }
            }
        }
        assertTrue(aboveCovered > 0, "some kill found records the marks did not cover yet");
    }

    /** Checks what the kill left; returns how many queued records the marks did not cover. */
    private static int check(int round, String encoding, Path data, CloudConsumer cloud) throws Exception {
        String where = "round " + round + " (" + encoding + "): ";
        TreeMap<Long, JsonNode> everStored = new TreeMap<>();
        JsonRecords.parse(cloud.on(PREFIX + "/telemetry")).forEach(r -> everStored.put(r.get("seq").asLong(), r));
        Set<Long> delivered = new TreeSet<>(everStored.keySet());
        Set<Long> queued = new TreeSet<>();
        long covered = TimeOrderGuard.storedCoveredSeq(data).orElseThrow();
        Map<TagId, Long> marks = TimeOrderGuard.storedTimes(data);
        Map<TagId, Long> start;
        try (MapDbRecordStore store = MapDbRecordStore.open(data.resolve("queue"), 256L << 20,
                OnFull.DROP_OLDEST, (lane, first, last, count, reason) -> { })) {
            long after = 0;
            for (List<StoredRecord> page; !(page = store.read(Lane.TELEMETRY, after, 500)).isEmpty(); ) {
                for (StoredRecord record : page) {
                    everStored.put(record.seq(), JsonRecords.tree(record.payload()));
                    queued.add(record.seq());
                    after = record.seq();
                }
            }
            start = TimeOrderGuard.startTimes(data, seq -> TelemetryTimes.newestAfter(store, seq));
        }
        assertFalse(delivered.isEmpty(), where + "the broker acknowledged records");
        List<String> problems = new ArrayList<>();
        for (JsonNode record : everStored.values()) {
            long seq = record.get("seq").asLong();
            if (seq > covered && !queued.contains(seq)) {
                problems.add("record " + seq + " left the store before the marks (covering up to " + covered + ") did");
            }
            for (JsonNode sample : record.get("samples")) {
                TagId tag = TagId.parse(sample.get("t").asText());
                long ts = sample.get("ts").asLong();
                if (seq <= covered && ts > marks.getOrDefault(tag, Long.MIN_VALUE)) {
                    problems.add("record " + seq + " (covered) has " + tag + " at " + ts + ", its mark is " + marks.get(tag));
                }
                if (ts > start.getOrDefault(tag, Long.MIN_VALUE)) {
                    problems.add("record " + seq + " has " + tag + " at " + ts + ", a restart starts from " + start.get(tag));
                }
            }
        }
        System.out.println("TimeOrderKillIT " + where + "covered_seq=" + covered + " queued=" + queued.size()
                + " queued_above_covered=" + queued.stream().filter(seq -> seq > covered).count()
                + " delivered=" + delivered.size());
        assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), where + "covered up to " + covered
                + ", queued " + queued.size() + ", delivered " + delivered.size() + ", problems " + problems.size());
        return (int) queued.stream().filter(seq -> seq > covered).count();
    }

    /** Until no message came for half a second: whatever the broker acknowledged has reached the consumer. */
    private static void awaitQuiet(CloudConsumer cloud) throws InterruptedException {
        int seen = -1;
        while (seen != cloud.all().size()) {
            seen = cloud.all().size();
            Thread.sleep(500);
        }
    }
}
