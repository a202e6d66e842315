package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.process.TimeOrderGuard;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.StoredRecord;
import io.outpost.testing.GatewayYaml;
import io.outpost.value.Lane;
import io.outpost.value.TagId;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost run} killed with SIGKILL at random moments while it queues (no broker): each time,
 * the per-tag time marks on disk are at or past the newest sample of every record the store
 * committed, so a restart can never send a tag's samples back in time, whatever the kill hit
 * (between the marks' write and the store's commit included).
 */
class TimeOrderKillIT {

    private static final int ROUNDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void theTimeMarksCoverEveryCommittedRecordAfterAKillNine() throws Exception {
        Path data = work.resolve("data");
        Path config = GatewayYaml.of("kill-gw", data)
                .sources("""
                        - name: sim
                          type: simulator
                          tags:
                            - { name: a, signal: counter, interval: 10ms }
                            - { name: b, signal: random-walk, interval: 10ms }
                        """)
                .batch(5, "20ms")
                .write(work.resolve("outpost.yaml"));
        Random random = new Random(20261202);
        for (int round = 1; round <= ROUNDS; round++) {
            try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon-" + round + ".log"), "run", "-c",
                    config.toString())) {
                Thread.sleep(2_500 + random.nextInt(1_500));
                assertTrue(daemon.alive(), "daemon died before the kill:\n" + daemon.output());
                daemon.kill9();
            }
            Map<TagId, Long> committed = newestSamplePerTag(data.resolve("queue"));
            Map<TagId, Long> marks = TimeOrderGuard.storedTimes(data);
            assertFalse(committed.isEmpty(), "round " + round + ": the store holds records");
            for (Map.Entry<TagId, Long> tag : committed.entrySet()) {
                assertTrue(marks.getOrDefault(tag.getKey(), Long.MIN_VALUE) >= tag.getValue(), "round " + round + ": "
                        + tag.getKey() + " committed up to " + tag.getValue() + " but its mark is " + marks.get(tag.getKey()));
            }
        }
    }

    private static Map<TagId, Long> newestSamplePerTag(Path queue) throws Exception {
        Map<TagId, Long> newest = new HashMap<>();
        try (MapDbRecordStore store = MapDbRecordStore.open(queue, 256L << 20,
                OnFull.DROP_OLDEST, (lane, first, last, count, reason) -> { })) {
            long after = 0;
            for (List<StoredRecord> page; !(page = store.read(Lane.TELEMETRY, after, 500)).isEmpty(); ) {
                for (StoredRecord record : page) {
                    for (JsonNode sample : JSON.readTree(record.payload()).get("samples")) {
                        newest.merge(TagId.parse(sample.get("t").asText()), sample.get("ts").asLong(), Math::max);
                    }
                    after = record.seq();
                }
            }
        }
        return newest;
    }
}
