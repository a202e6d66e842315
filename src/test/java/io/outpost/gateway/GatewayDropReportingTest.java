package io.outpost.gateway;

import io.outpost.value.Lane;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost silently: with the broker away and the store at {@code store.max_size}, the
 * oldest telemetry is dropped, and every seq the consumer never gets is named by a drop event.
 */
class GatewayDropReportingTest {

    private static final String PREFIX = "outpost/drop-gw";

    @TempDir
    Path work;

    @Test
    void everyTelemetrySeqIsEitherDeliveredOrNamedInADropEvent() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            // The consumer is subscribed before the gateway can reach the broker: the link answers
            // nothing until the store has been forced to drop.
            try (TcpProxy link = new TcpProxy(broker.port());
                    CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX)) {
                link.mode(TcpProxy.Mode.SILENT);
                OutpostConfig config = config(link.port());
                try (Gateway gateway = Gateways.start(config)) {
                    Await.until("telemetry dropped by the size limit", Duration.ofSeconds(90),
                            () -> gateway.stats().lanes().get(Lane.TELEMETRY).droppedRecords() > 20,
                            () -> gateway.stats().lanes());
                    gateway.stopSources();
                    long lastSeq = gateway.stats().lanes().get(Lane.TELEMETRY).lastSeq();

                    link.mode(TcpProxy.Mode.FORWARD);
                    link.cutAll();
                    Await.until("the queue drained to the broker", Duration.ofSeconds(90),
                            () -> gateway.stats().lanes().values().stream().allMatch(l -> l.depth() == 0),
                            () -> gateway.stats().lanes());
                    Await.until("the consumer holds every delivered record", Duration.ofSeconds(60),
                            () -> accountedFor(cloud, lastSeq).isEmpty(), () -> accountedFor(cloud, lastSeq));
                    List<JsonNode> drops = dropEvents(cloud);
                    assertTrue(!drops.isEmpty(), "no drop event reached the broker");
                    for (JsonNode drop : drops) {
                        assertTrue(drop.get("count").asLong() == drop.get("last_seq").asLong()
                                - drop.get("first_seq").asLong() + 1, drop.toString());
                    }
                }
            }
        }
    }

    /** Telemetry seqs up to {@code lastSeq} that neither arrived nor were reported dropped. */
    private List<Long> accountedFor(CloudConsumer cloud, long lastSeq) {
        Set<Long> delivered = cloud.seqs(PREFIX, Lane.TELEMETRY);
        List<JsonNode> drops = dropEvents(cloud);
        List<Long> unaccounted = new ArrayList<>();
        for (long seq = 1; seq <= lastSeq && unaccounted.size() < 20; seq++) {
            long s = seq;
            boolean dropped = drops.stream().anyMatch(d -> d.get("first_seq").asLong() <= s && s <= d.get("last_seq").asLong());
            if (!delivered.contains(seq) && !dropped) {
                unaccounted.add(seq);
            }
        }
        return unaccounted;
    }

    private List<JsonNode> dropEvents(CloudConsumer cloud) {
        return JsonRecords.parse(cloud.on(PREFIX + "/events")).stream()
                .filter(event -> event.get("type").asText().equals("drop") && event.get("lane").asText().equals("telemetry"))
                .toList();
    }

    private OutpostConfig config(int brokerPort) {
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            tags.append("    - { name: t").append(i).append(", signal: counter, interval: 10ms }\n");
        }
        return GatewayYaml.of("drop-gw", work.resolve("data"))
                .sources("""
                        - name: sim
                          type: simulator
                          tags:
                        %s""".formatted(tags))
                .section("""
                        store:
                          max_size: 1MB
                          on_full: drop-oldest
                        """)
                .uplink("tcp://127.0.0.1:" + brokerPort).batch(200, "100ms").backoff("100ms", "500ms")
                .parse(work.resolve("outpost.yaml"));
    }
}
