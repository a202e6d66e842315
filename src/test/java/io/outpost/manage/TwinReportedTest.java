package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.json.JsonReader;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.ProtocolSchema;
import io.outpost.testing.Gateways;
import io.outpost.testing.ModbusTestSlave;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code P/twin/reported} through a real broker: retained, there for a consumer that connects after the
 * gateway, and published again when a source goes down and up and after a reload.
 */
class TwinReportedTest {

    private static final String P = "outpost/twin-gw";
    private static final String TWIN = P + "/twin/reported";

    @TempDir
    Path work;

    @Test
    void theRetainedTwinIsThereAfterConnectAndFollowsASourceDownAndUpAndAReload() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
                ModbusTestSlave device = new ModbusTestSlave(1, 8);
                TcpProxy line = new TcpProxy(device.port())) {
            broker.start();
            device.start();
            Path file = work.resolve("outpost.yaml");
            GatewayYaml yaml = GatewayYaml.of("twin-gw", work.resolve("data"))
                    .sources(GatewayYaml.modbusPlc(line.port(), "200ms", "300ms"), GatewayYaml.SIM_COUNTER)
                    .uplink(broker.url("tcp")).backoff("100ms", "500ms");
            yaml.write(file);
            OutpostConfig config = yaml.parse(file);
            try (Gateway gateway = Gateways.start(config)) {
                Gateways.awaitLinkUp(gateway);
                try (CloudConsumer early = new CloudConsumer(broker.url("tcp"), P)) {
                    early.awaitUntil("the twin with plc up", Duration.ofSeconds(30),
                            all -> latest(early).filter(t -> "up".equals(sourceState(t, "plc"))).isPresent());
                }
                try (CloudConsumer late = new CloudConsumer(broker.url("tcp"), P)) {
                    late.awaitUntil("the retained twin", Duration.ofSeconds(30), all -> !late.on(TWIN).isEmpty());
                    CloudConsumer.Received first = late.on(TWIN).get(0);
                    assertTrue(first.retained(), "a consumer that subscribes after the publish gets it retained");
                    Map<String, Object> twin = twin(first);
                    assertEquals("twin-gw", twin.get("gw"));
                    assertEquals(digest(file), twin.get("config_digest"));
                    assertTrue(twin.containsKey("version") && twin.containsKey("previous_version"), first.text());
                    assertEquals("up", sourceState(twin, "plc"), first.text());
                    assertEquals(List.of(), twin.get("models"));
                    assertEquals(List.of(), twin.get("alarms_active"));
                    assertEquals(null, twin.get("desired"), first.text());
                    ProtocolSchema.of("Twin reported").check(JsonRecords.tree(first.payload()));
                }
                try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), P)) {
                    line.mode(TcpProxy.Mode.SILENT);
                    line.cutAll();
                    cloud.awaitUntil("the twin says plc is down", Duration.ofSeconds(30),
                            all -> latest(cloud).filter(t -> "down".equals(sourceState(t, "plc"))).isPresent());
                    line.mode(TcpProxy.Mode.FORWARD);
                    line.cutAll();
                    cloud.awaitUntil("the twin says plc is up again", Duration.ofSeconds(30),
                            all -> latest(cloud).filter(t -> "up".equals(sourceState(t, "plc"))).isPresent());

                    yaml.sources(GatewayYaml.modbusPlc(line.port(), "300ms", "300ms"), GatewayYaml.SIM_COUNTER).write(file);
                    gateway.reload();
                    String reloaded = digest(file);
                    cloud.awaitUntil("the twin shows the reloaded config", Duration.ofSeconds(30),
                            all -> latest(cloud).filter(t -> reloaded.equals(t.get("config_digest"))).isPresent());
                }
                try (CloudConsumer after = new CloudConsumer(broker.url("tcp"), P)) {
                    String reloaded = digest(file);
                    after.awaitUntil("the retained twin is the newest one", Duration.ofSeconds(30),
                            all -> latest(after).filter(t -> reloaded.equals(t.get("config_digest"))).isPresent());
                }
            }
        }
    }

    private static Optional<Map<String, Object>> latest(CloudConsumer cloud) {
        return latest(cloud, P);
    }

    /** The newest {@code <prefix>/twin/reported} received, parsed. */
    static Optional<Map<String, Object>> latest(CloudConsumer cloud, String prefix) {
        List<CloudConsumer.Received> twins = cloud.on(prefix + "/twin/reported");
        return twins.isEmpty() ? Optional.empty() : Optional.of(twin(twins.get(twins.size() - 1)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> twin(CloudConsumer.Received message) {
        try {
            return (Map<String, Object>) JsonReader.parse(message.text());
        } catch (JsonReader.JsonException e) {
            throw new AssertionError("the twin is not JSON: " + message.text(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String sourceState(Map<String, Object> twin, String name) {
        for (Object s : (List<Object>) twin.get("sources")) {
            Map<String, Object> source = (Map<String, Object>) s;
            if (name.equals(source.get("name"))) {
                return (String) source.get("state");
            }
        }
        return null;
    }

    static String digest(Path file) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
