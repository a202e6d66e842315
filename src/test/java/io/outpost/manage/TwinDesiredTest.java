package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.OutpostConfig;
import io.outpost.gateway.Gateway;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.ProtocolSchema;
import io.outpost.testing.Gateways;
import io.outpost.testing.MosquittoBroker;
import io.outpost.uplink.LinkState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole config pushed on {@code P/twin/desired} (retained) through a real broker: one with a typo is
 * refused with its validation lines while the old config runs on; a valid one is applied; one that validates
 * but whose broker cannot be reached is rolled back after the deadline, the gateway back online with the old
 * config, and not tried again after a restart.
 */
class TwinDesiredTest {

    private static final String GW = "desired-gw";
    private static final String P = "outpost/" + GW;
    private static final String DESIRED = P + "/twin/desired";
    private static final String EXTRA = """
            - name: sim
              type: simulator
              tags:
                - { name: counter, signal: counter, interval: 100ms }
                - { name: extra, signal: counter, interval: 100ms }
            """;

    @TempDir
    Path work;
    private MosquittoBroker broker;
    private CloudConsumer cloud;
    private CommandClient fleet;
    private Path file;

    @BeforeEach
    void brokerAndFleet() throws Exception {
        broker = MosquittoBroker.plain(work.resolve("mosquitto"));
        broker.start();
        cloud = new CloudConsumer(broker.url("tcp"), P);
        fleet = new CommandClient(broker.url("tcp"));
        file = work.resolve("outpost.yaml");
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
        cloud.close();
        broker.close();
    }

    @Test
    void aDesiredConfigWithATypoIsRefusedWithItsProblemLinesAndTheOldConfigRunsOn() throws Exception {
        OutpostConfig config = written(frame().sources(GatewayYaml.SIM_COUNTER));
        String running = Files.readString(file);
        try (Gateway gateway = Gateways.start(config)) {
            Gateways.awaitLinkUp(gateway);
            fleet.sendRetained(DESIRED, typo(running));

            cloud.awaitUntil("desired-refused", Duration.ofSeconds(60), all -> !events("desired-refused").isEmpty());
            String refused = events("desired-refused").get(0);
            assertTrue(refused.contains("desired:9:43: sources[0].tags[0].intervall: unknown key"),
                    "the validation line names the key: " + refused);
            assertTrue(refused.contains("the running config is kept"), refused);
            assertEquals(running, Files.readString(file), "the config file is untouched");
            awaitDesired("refused");
            assertTrue(TwinReportedTest.latest(cloud, P).orElseThrow().get("desired").toString().contains("intervall"),
                    "the twin carries the problem lines");
            List<CloudConsumer.Received> twins = cloud.on(P + "/twin/reported");
            ProtocolSchema.of("Twin reported").check(JsonRecords.tree(twins.get(twins.size() - 1).payload()));

            int before = cloud.on(P + "/telemetry").size();
            cloud.awaitUntil("telemetry goes on", Duration.ofSeconds(30), all -> cloud.on(P + "/telemetry").size() > before + 3);
            assertEquals(TwinReportedTest.digest(file), gateway.stats().configDigest());
        }
    }

    @Test
    void aValidDesiredConfigIsAppliedAndTheOldOneKeptBesideIt() throws Exception {
        OutpostConfig config = written(frame().sources(GatewayYaml.SIM_COUNTER));
        String running = Files.readString(file);
        String desired = frame().sources(EXTRA).text();
        try (Gateway gateway = Gateways.start(config)) {
            Gateways.awaitLinkUp(gateway);
            fleet.sendRetained(DESIRED, desired.getBytes(StandardCharsets.UTF_8));

            cloud.awaitUntil("the new tag in telemetry", Duration.ofSeconds(60), all -> cloud.on(P + "/telemetry").stream()
                    .anyMatch(r -> r.text().contains("\"t\":\"sim/extra\"")));
            cloud.awaitUntil("desired-applied", Duration.ofSeconds(60), all -> !events("desired-applied").isEmpty());
            assertEquals(desired, Files.readString(file));
            assertEquals(running, Files.readString(work.resolve("outpost.yaml.previous")));
            awaitDesired("applied");
            assertEquals(TwinReportedTest.digest(file), TwinReportedTest.latest(cloud, P).orElseThrow().get("config_digest"));
        }
    }

    @Test
    void aDesiredConfigWhoseBrokerCannotBeReachedIsRolledBackAndNotTriedAgainAfterARestart() throws Exception {
        OutpostConfig config = written(frame().desiredDeadline("3s").sources(GatewayYaml.SIM_COUNTER));
        String running = Files.readString(file);
        String dead = GatewayYaml.of(GW, work.resolve("data")).sources(EXTRA)
                .uplink("tcp://127.0.0.1:" + FreePorts.loopback()).backoff("100ms", "500ms").desiredDeadline("3s").text();
        try (Gateway gateway = Gateways.start(config)) {
            Gateways.awaitLinkUp(gateway);
            fleet.sendRetained(DESIRED, dead.getBytes(StandardCharsets.UTF_8));

            cloud.awaitUntil("desired-rolled-back", Duration.ofSeconds(90), all -> !events("desired-rolled-back").isEmpty());
            String rolledBack = events("desired-rolled-back").get(0);
            assertTrue(rolledBack.contains("is not connected"), rolledBack);
            assertTrue(rolledBack.contains("the previous config was restored"), rolledBack);
            assertEquals(running, Files.readString(file), "the previous config file is back");
            Await.until("back online", Gateways.CONNECT_TIMEOUT, () -> gateway.stats().link() == LinkState.UP, gateway::stats);
            assertEquals(broker.url("tcp"), gateway.stats().broker());
            awaitDesired("rolled-back");
        }
        // The retained document comes again on the next connect: remembered, it is not tried again. A document
        // sent after it is handled after it, so its refusal shows the retained one was passed over.
        try (Gateway gateway = Gateways.start(config)) {
            Gateways.awaitLinkUp(gateway);
            fleet.send(DESIRED, new String(typo(running), StandardCharsets.UTF_8));
            cloud.awaitUntil("desired-refused", Duration.ofSeconds(60), all -> !events("desired-refused").isEmpty());
            assertEquals(1, events("desired-rolled-back").size(), cloud.on(P + "/events").toString());
            assertEquals(running, Files.readString(file));
        }
    }

    @Test
    void aSourceTheDocumentAddsMustComeUpButOneItLeavesAsItWasNeedNot() throws Exception {
        String deadPlc = GatewayYaml.modbusPlc(FreePorts.loopback(), "200ms", "300ms");
        OutpostConfig config = written(frame().desiredDeadline("3s").sources(GatewayYaml.SIM_COUNTER, deadPlc));
        String withExtra = frame().desiredDeadline("3s").sources(EXTRA, deadPlc).text();
        String withPlc2 = frame().desiredDeadline("3s").sources(EXTRA, deadPlc, deadPlc.replace("name: plc", "name: plc2"))
                .text();
        try (Gateway gateway = Gateways.start(config)) {
            Gateways.awaitLinkUp(gateway);
            fleet.sendRetained(DESIRED, withExtra.getBytes(StandardCharsets.UTF_8));
            cloud.awaitUntil("desired-applied", Duration.ofSeconds(60), all -> !events("desired-applied").isEmpty());
            assertEquals(withExtra, Files.readString(file), "plc was down before and is left as it was: no reason to refuse");

            fleet.sendRetained(DESIRED, withPlc2.getBytes(StandardCharsets.UTF_8));
            cloud.awaitUntil("desired-rolled-back", Duration.ofSeconds(90), all -> !events("desired-rolled-back").isEmpty());
            String rolledBack = events("desired-rolled-back").get(0);
            assertTrue(rolledBack.contains("source plc2 is not up"), rolledBack);
            assertEquals(withExtra, Files.readString(file), "the config before it is back");
            Await.until("plc2 gone again", Duration.ofSeconds(30), () -> !gateway.stats().sources().containsKey("plc2"),
                    gateway::stats);
        }
    }

    private static byte[] typo(String config) {
        return config.replace("interval: 100ms", "intervall: 100ms").getBytes(StandardCharsets.UTF_8);
    }

    private void awaitDesired(String state) {
        Await.until("the twin says " + state, Duration.ofSeconds(30), () -> desiredState().equals(state),
                () -> "last twin: " + cloud.on(P + "/twin/reported").stream().reduce((a, b) -> b).map(CloudConsumer.Received::text));
    }

    private GatewayYaml frame() {
        return GatewayYaml.of(GW, work.resolve("data")).uplink(broker.url("tcp")).backoff("100ms", "500ms");
    }

    private OutpostConfig written(GatewayYaml yaml) {
        return yaml.parse(yaml.write(file));
    }

    private List<String> events(String type) {
        return cloud.on(P + "/events").stream().map(CloudConsumer.Received::text)
                .filter(t -> t.contains("\"type\":\"" + type + "\"")).toList();
    }

    @SuppressWarnings("unchecked")
    private String desiredState() {
        return TwinReportedTest.latest(cloud, P).map(t -> (Map<String, Object>) t.get("desired"))
                .map(d -> (String) d.get("state")).orElse("");
    }
}
