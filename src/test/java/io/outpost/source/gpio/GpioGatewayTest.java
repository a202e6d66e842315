package io.outpost.source.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.source.SourceHealth;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.Gateways;
import io.outpost.testing.JsonRecords;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPIO through the whole gateway to an in-process broker: a mock pin's edge arrives as telemetry,
 * {@code set-output} drives an output and replies with the level read back, bad commands are refused
 * with a reply and an event, and a GPIO source that cannot start ({@code provider: auto} here, with no
 * GPIO chip) is reported down while the rest keeps running.
 */
class GpioGatewayTest {

    private static final String P = "outpost/panel-gw";

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void edgesGoOutCommandsSetOutputsAndASourceThatCannotStartIsReportedDown() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), 0)) {
            broker.start();
            OutpostConfig config = config(broker.url());
            DigitalOutput lamp;
            try (CloudConsumer cloud = new CloudConsumer(broker.url(), P);
                    CommandClient requester = new CommandClient(broker.url());
                    Gateway gateway = Gateways.start(config)) {
                // The source that cannot start: one event naming the provider and the fix, health down.
                JsonNode down = awaitEvent(cloud, "source-down");
                assertEquals("board", down.get("source").asText());
                assertTrue(down.get("reason").asText().startsWith("source 'board': provider auto: no GPIO chip ("),
                        down.toString());
                assertTrue(down.get("reason").asText().endsWith("elsewhere use provider: mock"), down.toString());
                SourceHealth board = gateway.stats().sources().get("board");
                assertFalse(board.up());
                assertEquals(Optional.of(down.get("reason").asText()), board.lastError());

                // The others run: the simulator's tags and the mock panel's level at start arrive.
                awaitSample(cloud, "sim/counter", null);
                awaitSample(cloud, "panel/door", false);
                assertTrue(gateway.stats().sources().get("panel").up());

                GpioSource panel = (GpioSource) gateway.source("panel").orElseThrow();
                panel.pi4j().orElseThrow().io("door", MockDigitalInput.class).mockState(DigitalState.HIGH);
                awaitSample(cloud, "panel/door", true);

                lamp = panel.pi4j().orElseThrow().io("lamp", DigitalOutput.class);
                assertEquals("{\"ok\":true,\"tag\":\"panel/lamp\",\"value\":true}",
                        requester.request(P + "/cmd/set-output", "{\"tag\":\"panel/lamp\",\"value\":true}").text());
                assertEquals(DigitalState.HIGH, lamp.state());
                awaitSample(cloud, "panel/lamp", true);

                assertRefused(cloud, requester, "set-output", "{\"tag\":\"panel/door\",\"value\":true}",
                        "tag panel/door is an input; only output pins can be set");
                assertRefused(cloud, requester, "set-output", "{\"tag\":\"panel/nope\",\"value\":true}",
                        "unknown tag panel/nope");
                assertRefused(cloud, requester, "set-output", "{\"tag\":\"sim/counter\",\"value\":1}",
                        "tag sim/counter cannot be set: source 'sim' has no outputs");
                assertRefused(cloud, requester, "set-output", "{\"tag\":\"board/relay\",\"value\":true}",
                        "source 'board' is not running");
                assertRefused(cloud, requester, "set-output", "{\"tag\":\"panel/lamp\"}", "missing field \"value\"");
                assertRefused(cloud, requester, "set-output", "{\"tag\":\"panel/lamp\",\"value\":tru",
                        "payload is not valid JSON: unexpected word at character 29");
                assertRefused(cloud, requester, "reboot", "{}", "unknown command 'reboot'; the commands are ota, ping, reload, set-output, status");

                // Refused without a response topic: no reply to send, the event still goes out.
                requester.send(P + "/cmd/set-output", "garbage");
                awaitRefusal(cloud, "payload is not valid JSON: unexpected character 'g' at character 1");

                JsonNode pong = json.readTree(requester.request(P + "/cmd/ping", "").text());
                assertTrue(pong.get("ok").asBoolean());
                assertEquals("panel-gw", pong.get("gw").asText());
                assertEquals(DigitalState.HIGH, lamp.state(), "refused commands changed nothing");
            }
            assertEquals(DigitalState.LOW, lamp.state(), "the lamp went to its safe level when the gateway stopped");
        }
    }

    private void assertRefused(CloudConsumer cloud, CommandClient requester, String command, String payload, String reason)
            throws Exception {
        JsonNode reply = json.readTree(requester.request(P + "/cmd/" + command, payload).text());
        assertEquals(json.createObjectNode().put("ok", false).put("error", reason), reply);
        JsonNode event = awaitRefusal(cloud, reason);
        assertEquals(command, event.get("command").asText());
    }

    private JsonNode awaitRefusal(CloudConsumer cloud, String reason) {
        Await.until("command-refused event: " + reason, () -> refusal(cloud, reason).isPresent(), () -> events(cloud));
        return refusal(cloud, reason).orElseThrow();
    }

    private Optional<JsonNode> refusal(CloudConsumer cloud, String reason) {
        return events(cloud).stream().filter(e -> e.get("type").asText().equals("command-refused")
                && e.get("reason").asText().equals(reason)).findFirst();
    }

    private JsonNode awaitEvent(CloudConsumer cloud, String type) {
        Await.until("event " + type, () -> event(cloud, type).isPresent(), () -> events(cloud));
        return event(cloud, type).orElseThrow();
    }

    private Optional<JsonNode> event(CloudConsumer cloud, String type) {
        return events(cloud).stream().filter(e -> e.get("type").asText().equals(type)).findFirst();
    }

    private List<JsonNode> events(CloudConsumer cloud) {
        return JsonRecords.parse(cloud.on(P + "/events"));
    }

    /** Waits for a telemetry sample of {@code tag}, with value {@code value} unless that is null. */
    private void awaitSample(CloudConsumer cloud, String tag, Boolean value) {
        Await.until("sample " + tag + "=" + value, () -> samples(cloud).stream().anyMatch(s -> s.get("t").asText().equals(tag)
                && (value == null || s.get("v").asBoolean() == value)), () -> samples(cloud));
    }

    private List<JsonNode> samples(CloudConsumer cloud) {
        return JsonRecords.samples(cloud.on(P + "/telemetry"));
    }

    private OutpostConfig config(String brokerUrl) {
        return GatewayYaml.of("panel-gw", work.resolve("data"))
                .sources("""
                        - name: panel
                          type: gpio
                          provider: mock
                          tags:
                            - { name: door, pin: 17, pull: up }
                            - { name: lamp, pin: 22, direction: output, safe: low }
                        - name: board
                          type: gpio
                          provider: auto
                          tags:
                            - { name: relay, pin: 23, direction: output }
                        """, GatewayYaml.SIM_COUNTER)
                .uplink(brokerUrl).batch(200, "50ms").backoff("100ms", "500ms")
                .parse(work.resolve("outpost.yaml"));
    }
}
