package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.MosquittoBroker;
import io.outpost.uplink.LinkState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands a hostile or broken sender might publish, through a real broker (Mosquitto), to a running
 * gateway: each gets an error reply and a command-refused event, and telemetry keeps flowing.
 */
class HostileCommandsTest {

    private static final String P = "outpost/hostile";

    @TempDir
    Path work;

    @Test
    void invalidUtf8AMegabyteTenThousandLevelsAndWrongTypesAreAnsweredWithErrorsWhileTelemetryFlows() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            OutpostConfig config = GatewayYaml.of("hostile", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                    .uplink(broker.url("tcp")).batch(10, "50ms").parse(work.resolve("outpost.yaml"));
            try (Gateway gateway = Gateways.start(config);
                    CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), P);
                    CommandClient sender = new CommandClient(broker.url("tcp"))) {
                Await.until("gateway connected", Duration.ofSeconds(60), () -> gateway.stats().link() == LinkState.UP,
                        gateway::stats);
                String megabyte = "{\"tag\":\"" + "a".repeat(1024 * 1024) + "\",\"value\":1}";
                String deep = "{\"tag\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"value\":1}";
                Object[][] cases = {
                    {"set-output", new byte[] {'{', '"', 't', '"', ':', (byte) 0xC3, 0x28, '}'},
                        "payload is not valid JSON: not UTF-8 text at byte 6"},
                    {"set-output", megabyte.getBytes(StandardCharsets.UTF_8),
                        "payload is larger than 65536 bytes (" + megabyte.length() + " bytes)"},
                    {"set-output", deep.getBytes(StandardCharsets.UTF_8), "payload is not valid JSON: nested deeper than"},
                    {"set-output", bytes("{\"tag\":7,\"value\":true}"), "\"tag\" must be a string, e.g. \"panel/lamp\""},
                    {"set-output", bytes("{\"tag\":[\"sim/counter\"],\"value\":{\"a\":1}}"),
                        "\"tag\" must be a string, e.g. \"panel/lamp\""},
                    {"ping", bytes("[1]"), "payload must be a JSON object"},
                    {"status", bytes("\"status\""), "payload must be a JSON object"},
                    {"reload", bytes("{\"force\":true}"), "unknown field \"force\"; reload takes no fields"},
                };
                for (Object[] c : cases) {
                    long telemetryBefore = cloud.on(P + "/telemetry").size();
                    String reply = sender.request(P + "/cmd/" + c[0], (byte[]) c[1]).text();
                    assertTrue(reply.startsWith("{\"ok\":false,\"error\":\"" + ((String) c[2]).replace("\"", "\\\"")), c[2] + " -> " + reply);
                    Await.until("telemetry flows on after " + c[2], Duration.ofSeconds(30),
                            () -> cloud.on(P + "/telemetry").size() > telemetryBefore, gateway::stats);
                }
                cloud.awaitUntil("a command-refused event for each", Duration.ofSeconds(30), all -> cloud.on(P + "/events")
                        .stream().filter(r -> r.text().contains("\"type\":\"command-refused\"")).count() >= cases.length);
                assertEquals("{\"ok\":true,\"gw\":\"hostile\"", sender.request(P + "/cmd/ping", "").text().substring(0, 25));
                assertEquals(LinkState.UP, gateway.stats().link());
                sender.send(P + "/cmd/ping", "{\"x\":1}");
                cloud.awaitUntil("the refusal on P/reply/ping, for a command without a response topic", Duration.ofSeconds(30),
                        all -> cloud.on(P + "/reply/ping").stream().anyMatch(r -> r.text().startsWith(
                                "{\"ok\":false,\"error\":\"unknown field \\\"x\\\"; ping takes no fields")));
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
