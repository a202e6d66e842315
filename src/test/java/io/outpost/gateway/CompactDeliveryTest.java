package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.store.RecordFormat;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway with {@code uplink.encoding: compact} against the in-process broker: telemetry arrives as
 * compact records labelled {@code application/cbor}, events as JSON labelled {@code application/json},
 * seqs contiguous, and a counter tag read back through many records is every count once, in time order:
 * the per-record deltas of timestamps and integers add up.
 */
class CompactDeliveryTest {

    private static final String PREFIX = "outpost/compact-gw";

    @TempDir
    Path work;

    @Test
    void compactTelemetryAndJsonEventsReachTheConsumerWholeAndLabelled() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            OutpostConfig config = GatewayYaml.of("compact-gw", work.resolve("data"))
                    .sources("""
                            - name: sim
                              type: simulator
                              tags:
                                - { name: counter, signal: counter, interval: 20ms }
                                - { name: wave, signal: sine, period: 1s, interval: 20ms }
                                - { name: walk, signal: random-walk, interval: 20ms }
                            """)
                    .uplink(broker.url()).batch(40, "100ms").backoff("100ms", "500ms").encoding("compact")
                    .parse(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX);
                    Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
                cloud.awaitUntil("20 telemetry records and the started event", Duration.ofSeconds(60),
                        all -> cloud.on(PREFIX + "/telemetry").size() >= 20 && !cloud.on(PREFIX + "/events").isEmpty());
                gateway.stopSources();
                Await.until("every telemetry record delivered", Gateways.CONNECT_TIMEOUT,
                        () -> gateway.stats().lanes().get(Lane.TELEMETRY).depth() == 0, () -> gateway.stats().lanes());
                long lastSeq = gateway.stats().lanes().get(Lane.TELEMETRY).lastSeq();
                cloud.awaitUntil("every stored record received", Duration.ofSeconds(30),
                        all -> cloud.seqs(PREFIX, Lane.TELEMETRY).size() == lastSeq);

                for (CloudConsumer.Received r : cloud.on(PREFIX + "/telemetry")) {
                    assertEquals(RecordFormat.CBOR, RecordFormat.of(r.payload()), "telemetry record " + r.index());
                    assertEquals("application/cbor", r.contentType());
                    assertFalse(r.utf8(), "a compact record is not UTF-8 text");
                }
                CloudConsumer.Received started = cloud.on(PREFIX + "/events").get(0);
                assertEquals("application/json", started.contentType());
                assertTrue(started.utf8());
                assertEquals("started", JsonRecords.tree(started.payload()).get("type").asText());

                TreeMap<Long, JsonNode> bySeq = new TreeMap<>();
                JsonRecords.parse(cloud.on(PREFIX + "/telemetry")).forEach(r -> bySeq.put(r.get("seq").asLong(), r));
                assertEquals(lastSeq, bySeq.lastKey());
                assertEquals(lastSeq, bySeq.size(), "seqs 1.." + lastSeq);
                List<String> wrong = new ArrayList<>();
                long previousTs = Long.MIN_VALUE;
                long previousCount = -1;
                int counted = 0;
                for (JsonNode record : bySeq.values()) {
                    assertEquals("compact-gw", record.get("gw").asText());
                    for (JsonNode s : record.get("samples")) {
                        if (!s.get("t").asText().equals("sim/counter")) {
                            continue;
                        }
                        long ts = s.get("ts").asLong();
                        long count = s.get("v").asLong();
                        if (ts <= previousTs || (previousCount >= 0 && count != previousCount + 1)
                                || !s.get("v").isIntegralNumber() || !s.get("q").asText().equals("good")) {
                            wrong.add("seq " + record.get("seq") + ": " + s + " after ts " + previousTs + " count " + previousCount);
                        }
                        previousTs = ts;
                        previousCount = count;
                        counted++;
                    }
                }
                assertEquals(List.of(), wrong);
                assertTrue(counted >= 50, "counter samples read back: " + counted);
                assertEquals(gateway.stats().samplesStored(), bySeq.values().stream()
                        .mapToLong(r -> r.get("samples").size()).sum(), "every stored sample came back");
            }
        }
    }
}
