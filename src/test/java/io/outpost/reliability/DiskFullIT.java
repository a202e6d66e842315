package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.gateway.Gateway;
import io.outpost.manage.GatewayStats;
import io.outpost.store.MapDbRecordStore;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3, a full disk, for real: the data dir on a 16 MiB tmpfs of its own (mounted by the test,
 * which runs as root), most of it taken by a filler file, under 10,000 samples a second with the
 * broker away. The queue fills the disk long before {@code store.max_size}: polling goes on, the
 * samples that cannot be stored are refused and said so, nothing crashes. The filler removed, the queue
 * grows to {@code max_size} and {@code on_full: drop-oldest} drops the oldest telemetry, reported with
 * its seq ranges. The broker back, every record still stored arrives, every other seq is in a reported
 * drop, and the store opens intact. (StoreDiskFullIT covers the store alone, on a file size limit.)
 */
class DiskFullIT {

    private static final String ID = "disk-gw";
    private static final String PREFIX = "outpost/" + ID;

    @TempDir
    Path work;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(work.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            fail("this test mounts a 16 MiB tmpfs and needs root for it: " + output);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskRefusesAndSaysSoThenOnFullDropsWithSeqRangesAndEverythingKeptArrives() throws Exception {
        Path data = disk.resolve("data");
        Path filler = disk.resolve("filler");
        fill(filler, 12L << 20);
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            OutpostConfig config = GatewayYaml.of(ID, data).sources(thousandTags()).uplink(broker.url())
                    .backoff("100ms", "500ms").section("store:\n  max_size: 6MB\n  on_full: drop-oldest\n")
                    .parse(work.resolve("outpost.yaml"));
            try (Gateway gateway = Gateways.start(config)) {
                Await.until("the disk full and samples refused", Duration.ofSeconds(90),
                        () -> gateway.stats().samplesRefused() > 0, () -> summary(gateway.stats()));
                GatewayStats full = gateway.stats();
                assertTrue(full.lanes().get(Lane.TELEMETRY).droppedRecords() == 0,
                        "max_size was not reached, the disk was: " + summary(full));
                long readAtFull = full.samplesRead();
                Await.until("polling goes on", () -> gateway.stats().samplesRead() > readAtFull + 20_000,
                        () -> summary(gateway.stats()));

                Files.delete(filler);
                long storedAtFree = gateway.stats().samplesStored();
                Await.until("storing again once space returned", Duration.ofSeconds(60),
                        () -> gateway.stats().samplesStored() > storedAtFree + 20_000, () -> summary(gateway.stats()));
                Await.until("max_size reached and the oldest telemetry dropped", Duration.ofSeconds(120),
                        () -> gateway.stats().lanes().get(Lane.TELEMETRY).droppedRecords() > 0, () -> summary(gateway.stats()));
                gateway.stopSources();
                GatewayStats stopped = gateway.stats();
                long refused = stopped.samplesRefused();
                long lastSeq = stopped.lanes().get(Lane.TELEMETRY).lastSeq();

                broker.start();
                try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX)) {
                    Await.until("the queue drained", Gateways.CONNECT_TIMEOUT,
                            () -> gateway.stats().lanes().values().stream().allMatch(l -> l.depth() == 0),
                            () -> summary(gateway.stats()));
                    // Acknowledged by the broker is not yet delivered to the consumer: wait for the accounts to close.
                    Await.until("every telemetry seq delivered or in a reported drop, every refusal reported", Duration.ofSeconds(60),
                            () -> unaccounted(cloud, lastSeq).isEmpty() && reportedRefused(cloud) == refused,
                            () -> "unaccounted " + unaccounted(cloud, lastSeq) + ", refused " + refused + " reported "
                                    + reportedRefused(cloud));
                    assertTrue(events(cloud).stream().anyMatch(e -> type(e).equals("drop") && e.get("lane").asText().equals("telemetry")
                            && e.get("reason").asText().equals("store.max_size reached")), "on_full applied and reported");
                }
            }
        }
        try (MapDbRecordStore store = MapDbRecordStore.open(data.resolve("queue"), 6L << 20, OnFull.DROP_OLDEST,
                (lane, first, last, count, reason) -> { })) {
            assertTrue(store.recoveredFrom().isEmpty(), "the store was not corrupt after the full disk");
        }
    }

    private static String type(JsonNode event) {
        return event.path("type").asText();
    }

    private static List<JsonNode> events(CloudConsumer cloud) {
        return JsonRecords.parse(cloud.on(PREFIX + "/events"));
    }

    /** Telemetry seqs up to {@code lastSeq} neither received nor in a reported drop. */
    private static List<Long> unaccounted(CloudConsumer cloud, long lastSeq) {
        Set<Long> accounted = new TreeSet<>(JsonRecords.bySeq(cloud.on(PREFIX + "/telemetry")).keySet());
        for (JsonNode event : events(cloud)) {
            if (type(event).equals("drop") && event.get("lane").asText().equals("telemetry")) {
                for (long s = event.get("first_seq").asLong(); s <= event.get("last_seq").asLong(); s++) {
                    accounted.add(s);
                }
            }
        }
        List<Long> missing = new ArrayList<>();
        for (long s = 1; s <= lastSeq; s++) {
            if (!accounted.contains(s)) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** Samples the refused events on the events lane account for, each event once. */
    private static long reportedRefused(CloudConsumer cloud) {
        return JsonRecords.bySeq(cloud.on(PREFIX + "/events")).values().stream().filter(e -> type(e).equals("refused"))
                .mapToLong(e -> e.get("samples").asLong()).sum();
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
    }

    private static String summary(GatewayStats stats) {
        return "read=" + stats.samplesRead() + " stored=" + stats.samplesStored() + " refused=" + stats.samplesRefused()
                + " lanes=" + stats.lanes() + " file=" + stats.storeFileBytes();
    }

    private static String thousandTags() {
        StringBuilder yaml = new StringBuilder("- name: sim\n  type: simulator\n  tags:\n");
        for (int i = 0; i < 1_000; i++) {
            yaml.append("    - { name: t").append(i).append(", signal: counter, interval: 100ms }\n");
        }
        return yaml.toString();
    }
}
