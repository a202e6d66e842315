package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code health} event reaches a consumer through a real broker, at {@code metrics.publish_interval}. */
class HealthEventTest {

    private static final String PREFIX = "outpost/health-gw";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void healthGoesOutOnEventsWithQueueSourcesLinkAndMemory() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX)) {
                GatewayYaml yaml = GatewayYaml.of("health-gw", work.resolve("data")).uplink(broker.url())
                        .sources(GatewayYaml.SIM_COUNTER, GatewayYaml.modbusPlc(FreePorts.loopback(), "200ms", "200ms"))
                        .section("metrics:\n  publish_interval: 1s\n");
                try (Gateway gateway = Gateways.start(yaml.parse(work.resolve("outpost.yaml")))) {
                    cloud.awaitUntil("two health events, the plc seen down", PATIENCE,
                            all -> health(cloud).size() >= 2 && health(cloud).get(health(cloud).size() - 1)
                                    .path("sources_down").toString().contains("plc"));
                    JsonNode last = health(cloud).get(health(cloud).size() - 1);
                    assertEquals("health-gw", last.path("gw").asText(), last.toString());
                    assertEquals("[\"sim\"]", last.path("sources_up").toString(), last.toString());
                    assertEquals("[\"plc\"]", last.path("sources_down").toString(), last.toString());
                    assertEquals("up", last.path("link").asText(), last.toString());
                    for (Lane lane : Lane.values()) {
                        JsonNode q = last.path("queue").path(lane.wireName());
                        assertTrue(q.has("records") && q.has("bytes") && q.has("oldest_age_s"), last.toString());
                        assertEquals(0, last.path("dropped_since_last").path(lane.wireName()).asLong(), last.toString());
                    }
                    assertTrue(last.path("rss_bytes").asLong() > 10_000_000, last.toString());
                    assertTrue(last.path("uptime_s").asLong() >= 1, last.toString());
                    assertEquals(0, last.path("reconnects").asLong(), last.toString());
                }
            }
        }
    }

    @Test
    void aPublishIntervalOfZeroSendsNoHealth() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX)) {
                GatewayYaml yaml = GatewayYaml.of("health-gw", work.resolve("data")).uplink(broker.url())
                        .sources(GatewayYaml.SIM_COUNTER).section("metrics:\n  publish_interval: 0s\n");
                try (Gateway gateway = Gateways.start(yaml.parse(work.resolve("outpost.yaml")))) {
                    // The counter ticks every 100 ms: 30 telemetry records span well over the 1 s a health would take.
                    cloud.awaitUntil("3 s of telemetry", PATIENCE, all -> {
                        List<CloudConsumer.Received> t = cloud.on(PREFIX + "/telemetry");
                        return JsonRecords.samples(t).size() >= 30;
                    });
                    assertEquals(List.of(), health(cloud));
                }
            }
        }
    }

    private static List<JsonNode> health(CloudConsumer cloud) {
        return JsonRecords.parse(cloud.on(PREFIX + "/events")).stream()
                .filter(e -> e.path("type").asText().equals("health")).toList();
    }
}
