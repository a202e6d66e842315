package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.e2e.DaemonProcess;
import io.outpost.store.LaneStats;
import io.outpost.store.MapDbRecordStore;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.MosquittoBroker;
import io.outpost.value.Lane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash loop: {@code outpost run} under load (1,000 simulator tags at 10 Hz: 10,000 samples a second)
 * with its broker down, killed with SIGKILL at a random moment 50 times (some kills land during the
 * start, some during a commit) and started again over the same data dir. Then the broker comes back
 * and one last run drains the queue: the consumer has every seq from the first to the last, no gap,
 * and a seq received twice has the same bytes both times.
 *
 * <p>The first seq is the store's, not 1: a kill during the very first start, before anything was
 * stored or any seq reserved, leaves a file that the next start cannot read and replaces, and its seqs
 * then start above the clock's ms (store.QueueFileRecovery), since nothing says which seqs were
 * handed out before.
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
            long asideAfterFirstKills = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                    // From before the JVM is up to well into polling.
                    Thread.sleep(200 + random.nextInt(2_300));
                    if (daemon.alive()) {
                        killedWhileRunning++;
                    }
                    daemon.kill9();
                }
                // The start after a kill moves an unreadable store aside. Only the first start may leave
                // one (killed before its first commit reached the disk, nothing stored yet): any later
                // kill hit a store that had committed, and the journal must keep it readable.
                long aside = movedAside(data.resolve("queue"));
                if (kill > 2) {
                    assertEquals(asideAfterFirstKills, aside, "kill " + (kill - 1) + " left a store the next start could not read:\n"
                            + tail(work.resolve("daemon.log")));
                } else {
                    asideAfterFirstKills = aside;
                }
            }
            assertTrue(killedWhileRunning >= KILLS - 2, "the daemon stayed up between kills (" + killedWhileRunning
                    + " of " + KILLS + "):\n" + tail(work.resolve("daemon.log")));
            LaneStats queued = telemetry(data);
            long first = queued.firstSeq();
            long lastBeforeDrain = queued.lastSeq();
            assertEquals(lastBeforeDrain - first + 1, queued.depth(), "no gap in the queue the kills left: " + queued);
            assertTrue(queued.depth() > KILLS, "records were stored between the kills: " + queued);
            System.out.println("CrashLoopIT: after " + KILLS + " kills the queue holds " + queued);

            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX);
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("drain.log"), "run", "-c", config.toString())) {
                cloud.awaitUntil("the queue from before the kills drained", Duration.ofMinutes(5),
                        all -> SeqRanges.holdsAll(cloud.seqs(PREFIX, Lane.TELEMETRY), first, lastBeforeDrain));
                assertEquals(143, daemon.terminate(), "an orderly stop after the drain");
                assertEquals(asideAfterFirstKills, movedAside(data.resolve("queue")), "the last kill left a readable store");
                long last = telemetry(data).lastSeq();
                Await.until("every seq up to the last reached the consumer", Duration.ofMinutes(2),
                        () -> SeqRanges.holdsAll(cloud.seqs(PREFIX, Lane.TELEMETRY), first, last), () -> "seqs " + first + ".." + last);
                assertEquals(first, cloud.seqs(PREFIX, Lane.TELEMETRY).iterator().next(), "nothing below the store's first seq");
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

    /** Store files moved aside as unreadable so far. */
    private static long movedAside(Path queueDir) throws Exception {
        if (!Files.isDirectory(queueDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.filter(p -> p.getFileName().toString().matches("queue\\.db\\.corrupt-[^.]*")).count();
        }
    }

    private static LaneStats telemetry(Path data) throws Exception {
        try (MapDbRecordStore store = MapDbRecordStore.open(data.resolve("queue"), 256L << 20, OnFull.DROP_OLDEST,
                (lane, first, last, count, reason) -> { })) {
            return store.stats(Lane.TELEMETRY);
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
            String text = Files.readString(log);
            return text.length() > 3_000 ? text.substring(text.length() - 3_000) : text;
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
