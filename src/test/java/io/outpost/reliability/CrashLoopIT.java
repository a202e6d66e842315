package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.e2e.DaemonProcess;
import io.outpost.store.MapDbRecordStore;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.MosquittoBroker;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash loop: {@code outpost run} under load (1,000 simulator tags at 10 Hz: 10,000 samples a second)
 * with its broker down, killed with SIGKILL at a random moment 50 times (some kills land during the
 * start, some during a commit) and started again over the same data dir. Then the broker comes back
 * and one last run drains the queue: the consumer has every seq from the first to the last, no gap,
 * and a seq received twice has the same bytes both times.
 */
class CrashLoopIT {

    private static final int KILLS = 50;
    private static final String ID = "crash-gw";
    private static final String PREFIX = "outpost/" + ID;

    @TempDir
    Path work;

    @Test
    void fiftyKillsWithTheBrokerDownLoseNoSeqAndChangeNone() throws Exception {
        Path data = work.resolve("data");
        Random random = new Random(20261202);
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            Path config = GatewayYaml.of(ID, data).sources(thousandTags()).uplink(broker.url("tcp"))
                    .backoff("200ms", "1s").write(work.resolve("outpost.yaml"));
            int killedWhileRunning = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                    // From before the JVM is up to well into polling.
                    Thread.sleep(200 + random.nextInt(2_300));
                    if (daemon.alive()) {
                        killedWhileRunning++;
                    }
                    daemon.kill9();
                }
            }
            assertTrue(killedWhileRunning >= KILLS - 2, "the daemon stayed up between kills (" + killedWhileRunning
                    + " of " + KILLS + "):\n" + tail(work.resolve("daemon.log")));
            long lastBeforeDrain = lastSeq(data);
            assertTrue(lastBeforeDrain > KILLS, "records were stored between the kills: last seq " + lastBeforeDrain);

            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX);
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("drain.log"), "run", "-c", config.toString())) {
                cloud.awaitUntil("the queue from before the kills drained", Duration.ofMinutes(5),
                        all -> cloud.seqs(PREFIX, Lane.TELEMETRY).containsAll(SeqRanges.range(1, lastBeforeDrain)));
                assertEquals(143, daemon.terminate(), "an orderly stop after the drain");
                long last = lastSeq(data);
                Await.until("every seq up to the last reached the consumer", Duration.ofMinutes(2),
                        () -> cloud.seqs(PREFIX, Lane.TELEMETRY).containsAll(SeqRanges.range(1, last)), () -> "last seq " + last);
                assertSameBytesForEachSeq(cloud);
            }
        }
    }

    private static void assertSameBytesForEachSeq(CloudConsumer cloud) {
        Map<Long, byte[]> first = new HashMap<>();
        int twice = 0;
        for (CloudConsumer.Received r : cloud.on(PREFIX + "/telemetry")) {
            long seq = JsonRecords.tree(r.payload()).get("seq").asLong();
            byte[] before = first.putIfAbsent(seq, r.payload());
            if (before != null) {
                twice++;
                assertTrue(Arrays.equals(before, r.payload()), "seq " + seq + " came twice with different content");
            }
        }
        System.out.println("CrashLoopIT: " + first.size() + " telemetry records, " + twice + " received twice");
    }

    private static long lastSeq(Path data) throws Exception {
        try (MapDbRecordStore store = MapDbRecordStore.open(data.resolve("queue"), 256L << 20, OnFull.DROP_OLDEST,
                (lane, first, last, count, reason) -> { })) {
            return store.stats(Lane.TELEMETRY).lastSeq();
        }
    }

    private static String thousandTags() {
        StringBuilder yaml = new StringBuilder("- name: sim\n  type: simulator\n  tags:\n");
        for (int i = 0; i < 1_000; i++) {
            yaml.append("    - { name: t").append(i).append(", signal: counter, interval: 100ms }\n");
        }
        return yaml.toString();
    }

    private static String tail(Path log) {
        try {
            String text = java.nio.file.Files.readString(log);
            return text.length() > 3_000 ? text.substring(text.length() - 3_000) : text;
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
