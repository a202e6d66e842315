package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.store.RecordFormat;
import io.outpost.value.Lane;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TestPayloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost run} from the built distribution against a real Mosquitto that keeps sessions (as
 * a cloud broker does): seq stays contiguous through a 20 s broker outage, and through a
 * {@code kill -9} of the daemon while the broker is down; a seq never comes back with other content.
 * Once with each {@code uplink.encoding}: the store keeps compact records as it keeps JSON ones.
 */
class DaemonDeliveryIT {

    private static final String PREFIX = "outpost/e2e-gw";
    private static final String TELEMETRY = PREFIX + "/telemetry";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @ParameterizedTest(name = "uplink.encoding: {0}")
    @ValueSource(strings = {"json", "compact"})
    void noSeqIsMissingAfterABrokerOutageAndAKillNineWhileTheBrokerIsDown(String encoding) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.persistent(work.resolve("mosquitto"))) {
            Path config = writeConfig(broker.port(), encoding);
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX, true)) {
                String firstBoot;
                try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon-1.log"), "run", "-c", config.toString())) {
                    cloud.awaitUntil("first records", PATIENCE, all -> seqs(cloud).size() >= 10);
                    firstBoot = boot(cloud.on(TELEMETRY).get(0).payload());

                    // The broker goes away for 20 s: the daemon queues on disk and catches up after.
                    long beforeOutage = maxSeq(cloud);
                    broker.stop();
                    Thread.sleep(20_000);
                    assertTrue(daemon.alive(), "daemon died while the broker was down:\n" + daemon.output());
                    broker.start();
                    cloud.awaitUntil("catch-up after the outage with no seq missing", PATIENCE,
                            all -> maxSeq(cloud) > beforeOutage + 50 && missing(cloud).isEmpty());

                    // Broker down again, and the daemon killed with SIGKILL while it queues.
                    broker.stop();
                    Thread.sleep(3_000);
                    daemon.kill9();
                }

                try (DaemonProcess restarted = DaemonProcess.start(work.resolve("daemon-2.log"), "run", "-c", config.toString())) {
                    Thread.sleep(3_000);
                    broker.start();
                    long killedAt = maxSeq(cloud);
                    cloud.awaitUntil("records of the restarted daemon with no seq missing", PATIENCE, all -> {
                        long max = maxSeq(cloud);
                        return max > killedAt + 20 && !firstBoot.equals(boot(payloadOf(cloud, max)))
                                && missing(cloud).isEmpty();
                    });
                    assertEquals(List.of(), conflicts(cloud), "a seq came back with different content");
                    assertNotEquals(firstBoot, boot(payloadOf(cloud, maxSeq(cloud))));
                    RecordFormat expected = encoding.equals("compact") ? RecordFormat.CBOR : RecordFormat.JSON;
                    for (CloudConsumer.Received r : cloud.on(TELEMETRY)) {
                        assertEquals(expected, RecordFormat.of(r.payload()), "telemetry record " + r.index());
                    }
                    int exit = restarted.terminate();
                    assertTrue(exit == 0 || exit == 143, "SIGTERM should stop the daemon in order, exit " + exit
                            + ":\n" + restarted.output());
                }
            }
        }
    }

    private static Set<Long> seqs(CloudConsumer cloud) {
        return cloud.seqs(PREFIX, Lane.TELEMETRY);
    }

    private static long maxSeq(CloudConsumer cloud) {
        return seqs(cloud).stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Seqs from 1 to the highest received that never arrived. */
    private static List<Long> missing(CloudConsumer cloud) {
        Set<Long> seqs = seqs(cloud);
        List<Long> missing = new ArrayList<>();
        for (long seq = 1; seq <= maxSeq(cloud); seq++) {
            if (!seqs.contains(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    /** Seqs received more than once with different bytes. */
    private static List<String> conflicts(CloudConsumer cloud) {
        Map<Long, byte[]> first = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (CloudConsumer.Received r : cloud.on(TELEMETRY)) {
            byte[] earlier = first.putIfAbsent(TestPayloads.seqOf(r.payload()), r.payload());
            if (earlier != null && !Arrays.equals(earlier, r.payload())) {
                conflicts.add(JsonRecords.tree(earlier) + "\n  vs " + JsonRecords.tree(r.payload()));
            }
        }
        return conflicts;
    }

    private static byte[] payloadOf(CloudConsumer cloud, long seq) {
        return cloud.on(TELEMETRY).stream().filter(r -> TestPayloads.seqOf(r.payload()) == seq)
                .map(CloudConsumer.Received::payload).findFirst().orElseThrow();
    }

    private static String boot(byte[] payload) {
        String boot = JsonRecords.tree(payload).path("boot").asText();
        assertTrue(boot.matches("[0-9a-f]+"), "boot of " + JsonRecords.tree(payload));
        return boot;
    }

    private Path writeConfig(int brokerPort, String encoding) {
        return GatewayYaml.of("e2e-gw", work.resolve("data")).adminSocket("admin.sock")
                .sources("""
                        - name: sim
                          type: simulator
                          tags:
                            - { name: a, signal: counter, interval: 100ms }
                            - { name: b, signal: sine, period: 3s, interval: 100ms }
                            - { name: c, signal: random-walk, interval: 100ms }
                        """)
                .uplink("tcp://127.0.0.1:" + brokerPort).batch(20, "200ms").backoff("200ms", "2s").encoding(encoding)
                .write(work.resolve("outpost.yaml"));
    }
}
