package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.config.OutpostConfig;
import io.outpost.value.BuildInfo;
import io.outpost.gateway.Gateway;
import io.outpost.testing.Await;
import io.outpost.testing.CommandClient;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.ProtocolSchema;
import io.outpost.uplink.LinkState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code P/cmd/status} through a real broker, from a running gateway with one source up and one down. */
class StatusReplyTest {

    private static final String P = "outpost/status-gw";

    @TempDir
    Path work;

    @Test
    void statusRepliesWithTheGatewaysSourcesLanesAndLink() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            OutpostConfig config = GatewayYaml.of("status-gw", work.resolve("data"))
                    .sources(GatewayYaml.SIM_COUNTER, GatewayYaml.modbusPlc(FreePorts.loopback(), "200ms", "200ms"))
                    .uplink(broker.url("tcp")).backoff("100ms", "500ms")
                    .parse(work.resolve("outpost.yaml"));
            try (Gateway gateway = Gateways.start(config);
                    CommandClient requester = new CommandClient(broker.url("tcp"))) {
                Await.until("gateway connected and the device found missing", Duration.ofSeconds(60),
                        () -> gateway.stats().link() == LinkState.UP
                                && gateway.stats().sources().get("plc").lastError().isPresent(),
                        gateway::stats);

                JsonNode status = new ObjectMapper().readTree(requester.request(P + "/cmd/status", "").text());
                assertTrue(status.get("ok").asBoolean(), status.toString());
                ProtocolSchema.of("The status report").check(status);
                assertEquals("status-gw", status.get("gw").asText());
                assertEquals(BuildInfo.load().version(), status.get("version").asText());
                assertEquals(16, status.get("boot").asText().length(), status.toString());
                assertEquals("up", status.get("link").get("state").asText());
                assertEquals(List.of("sim", "plc"), List.copyOf(iterable(status.get("sources").fieldNames())));
                assertTrue(status.get("sources").get("sim").get("up").asBoolean(), status.toString());
                JsonNode plc = status.get("sources").get("plc");
                assertFalse(plc.get("up").asBoolean(), status.toString());
                assertTrue(plc.get("last_error").asText().contains("127.0.0.1"), status.toString());
                assertTrue(plc.get("warnings").isArray(), status.toString());
                assertEquals(List.of("alarms", "events", "telemetry"), List.copyOf(iterable(status.get("lanes").fieldNames())));
                assertTrue(status.get("lanes").get("telemetry").get("last_seq").asLong() >= 0, status.toString());

                String refused = requester.request(P + "/cmd/status", "{\"all\":true}").text();
                assertEquals("{\"ok\":false,\"error\":\"unknown field \\\"all\\\"; status takes no fields; send {} or an"
                        + " empty payload\"}", refused);
                assertEquals("{\"ok\":false,\"error\":\"unknown field \\\"x\\\"; ping takes no fields; send {} or an"
                        + " empty payload\"}", requester.request(P + "/cmd/ping", "{\"x\":1}").text());
                // "+" matches an empty level: the broker delivers P/cmd/ and the gateway refuses it like any bad command.
                assertEquals("{\"ok\":false,\"error\":\"no command name in the topic; publish on " + P + "/cmd/<name>, e.g. "
                        + P + "/cmd/ping\"}", requester.request(P + "/cmd/", "{}").text());
            }
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
