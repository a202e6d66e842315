package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.config.OutpostConfig;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.TcpProxy;
import io.outpost.value.BuildInfo;
import io.outpost.value.Lane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alarm raised during an outage reaches the broker before the telemetry that queued up beside it,
 * by order of arrival at a real broker; its record carries the value, threshold, times and severity.
 */
class AlarmsBeforeBacklogTest {

    private static final String PREFIX = "outpost/alarm-gw";

    @TempDir
    Path work;

    @Test
    void afterAnOutageTheAlarmRecordArrivesBeforeTheTelemetryBacklog() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            try (TcpProxy link = new TcpProxy(broker.port())) {
                // The link accepts and never answers: the gateway queues, the consumer is ready first.
                link.mode(TcpProxy.Mode.SILENT);
                OutpostConfig config = GatewayYaml.of("alarm-gw", work.resolve("data"))
                        .sources(GatewayYaml.SIM_COUNTER)
                        .section("""
                                alarms:
                                  - { name: count-high, tag: sim/counter, above: 5, clear: 2, severity: major }
                                """)
                        .uplink(link.url()).batch(5, "100ms").backoff("200ms", "500ms")
                        .parse(work.resolve("outpost.yaml"));
                try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX);
                        Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
                    Await.until("the alarm raised and telemetry queued behind it", Duration.ofSeconds(60),
                            () -> gateway.stats().lanes().get(Lane.ALARMS).lastSeq() == 1
                                    && gateway.stats().lanes().get(Lane.TELEMETRY).depth() >= 5,
                            () -> gateway.stats().lanes());
                    assertEquals(1, gateway.stats().activeAlarms().size());
                    link.mode(TcpProxy.Mode.FORWARD);
                    link.cutAll();
                    cloud.awaitUntil("the alarm and telemetry", Duration.ofSeconds(60),
                            all -> !cloud.on(PREFIX + "/alarms").isEmpty() && cloud.on(PREFIX + "/telemetry").size() >= 5);

                    List<CloudConsumer.Received> data = cloud.all().stream()
                            .filter(r -> r.topic().endsWith("/alarms") || r.topic().endsWith("/telemetry")).toList();
                    assertTrue(data.get(0).topic().endsWith("/alarms"), "first of the backlog: " + data.get(0).topic());
                    JsonNode alarm = JsonRecords.tree(data.get(0).payload());
                    assertEquals("alarm-raised", alarm.get("type").asText());
                    assertEquals("count-high", alarm.get("alarm").asText());
                    assertEquals("sim/counter", alarm.get("tag").asText());
                    assertEquals("major", alarm.get("severity").asText());
                    assertEquals(5.0, alarm.get("threshold").asDouble());
                    assertEquals(6.0, alarm.get("value").asDouble(), "the first count above 5");
                    assertTrue(alarm.get("raised_at").asLong() >= alarm.get("value_ts").asLong());
                }
            }
        }
    }
}
