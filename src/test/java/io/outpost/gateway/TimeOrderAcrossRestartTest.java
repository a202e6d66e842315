package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.JsonRecords;
import io.outpost.value.BuildInfo;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4, samples stay in time order within a tag, across a restart: a gateway delivers a tag's
 * samples (and the store deletes them), stops, and starts again over the same data_dir with a clock a
 * minute behind, as after an NTP correction or an OPC UA server whose source timestamps lag. The
 * consumer still sees every sample of the tag later than the one before, none dropped.
 */
class TimeOrderAcrossRestartTest {

    private static final String PREFIX = "outpost/time-gw";
    private static final String TAG = "sim/counter";

    @TempDir
    Path work;

    @Test
    void aTagsSamplesStayInTimeOrderWhenTheClockGoesBackAcrossARestart() throws Exception {
        AtomicLong shift = new AtomicLong();
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            OutpostConfig config = GatewayYaml.of("time-gw", work.resolve("data"))
                    .sources(GatewayYaml.SIM_COUNTER)
                    .uplink(broker.url()).batch(50, "100ms").backoff("100ms", "500ms")
                    .parse(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX)) {
                runUntilDelivered(config, shift, cloud, 10);
                int before = samples(cloud).size();

                shift.set(-Duration.ofMinutes(1).toMillis());
                long restamped = runUntilDelivered(config, shift, cloud, before + 10);

                List<JsonNode> samples = samples(cloud);
                List<String> backwards = new ArrayList<>();
                for (int i = 1; i < samples.size(); i++) {
                    long previous = samples.get(i - 1).get("ts").asLong();
                    long ts = samples.get(i).get("ts").asLong();
                    if (ts <= previous) {
                        backwards.add("sample " + i + " ts " + ts + " after " + previous);
                    }
                }
                assertEquals(List.of(), backwards, "samples of " + TAG + " not in time order");
                assertTrue(restamped >= samples.size() - before,
                        "every sample after the restart was older than the last one delivered, so each counts as"
                                + " restamped: " + restamped + " of " + (samples.size() - before));
            }
        }
    }

    /**
     * Runs a gateway until the consumer holds {@code samples} samples of the tag and the store has
     * deleted every delivered record, then stops it; returns its count of restamped samples.
     */
    private static long runUntilDelivered(OutpostConfig config, AtomicLong shift, CloudConsumer cloud, int samples) {
        try (Gateway gateway = Gateway.start(config, BuildInfo.load(), () -> System.currentTimeMillis() + shift.get())) {
            Await.until(samples + " samples of " + TAG + " delivered", Duration.ofSeconds(60),
                    () -> samples(cloud).size() >= samples, () -> samples(cloud).size());
            gateway.stopSources();
            Await.until("every telemetry record delivered and deleted", Gateways.CONNECT_TIMEOUT,
                    () -> gateway.stats().lanes().get(Lane.TELEMETRY).depth() == 0, () -> gateway.stats().lanes());
            Await.until("the consumer holds every record the gateway stored", Duration.ofSeconds(30),
                    () -> records(cloud).size() == gateway.stats().lanes().get(Lane.TELEMETRY).lastSeq(),
                    () -> records(cloud).size());
            return gateway.stats().samplesRestamped();
        }
    }

    private static TreeMap<Long, JsonNode> records(CloudConsumer cloud) {
        return JsonRecords.bySeq(cloud.on(PREFIX + "/telemetry"));
    }

    private static List<JsonNode> samples(CloudConsumer cloud) {
        return JsonRecords.samplesOf(TAG, cloud.on(PREFIX + "/telemetry"));
    }
}
