package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.MosquittoBroker;
import io.outpost.value.Lane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload while a simulator makes 1,000 readings a second: the changed and the added source restart,
 * the unchanged one runs on (its counters never start again), no telemetry seq is missing and no
 * reading of the unchanged source is lost.
 */
class ReloadUnderLoadIT {

    private static final String PREFIX = "outpost/reload-load";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int LOAD_TAGS = 100;

    @TempDir
    Path work;

    @Test
    void onlyTheChangedSourcesRestartAndNothingIsLostOrSkipped() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            Path config = write(broker, "200ms", "");
            String c = config.toString();
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX);
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", c)) {
                cloud.awaitUntil("readings of both sources", PATIENCE, all -> seen(cloud, "load/t99")
                        && seen(cloud, "extra/count"));
                Await.until("some seconds of load", PATIENCE, () -> cloud.on(PREFIX + "/telemetry").size() > 30, daemon::output);

                write(broker, "300ms", """
                        - name: fresh
                          type: simulator
                          tags:
                            - { name: hello, signal: counter, interval: 250ms }
                        """);
                DaemonProcess.Result reload = DaemonProcess.run(work, "reload", "--json", "-c", c);
                assertEquals(0, reload.exitCode(), reload.output() + daemon.output());
                JsonNode reply = new ObjectMapper().readTree(reload.output().lines().filter(l -> l.startsWith("{")).findFirst()
                        .orElseThrow());
                assertEquals(List.of("sources.fresh (added)", "sources.extra"), texts(reply.get("changed")), reply.toString());
                assertEquals(Set.of("sources.extra", "sources.fresh"), Set.copyOf(texts(reply.get("restarted"))), reply.toString());

                cloud.awaitUntil("the added source's readings", PATIENCE, all -> seen(cloud, "fresh/hello"));
                int seen = cloud.on(PREFIX + "/telemetry").size();
                Await.until("load after the reload", PATIENCE, () -> cloud.on(PREFIX + "/telemetry").size() > seen + 30,
                        daemon::output);
                assertTrue(cloud.on(PREFIX + "/events").stream().anyMatch(r -> r.text().contains("\"type\":\"reloaded\"")),
                        "a reloaded event");
                assertTrue(daemon.alive(), daemon.output());

                // Over MQTT: a config with a typo is refused with its problem lines, as an event too; the old one runs on.
                Files.writeString(config, Files.readString(config).replace("interval: 300ms", "intervall: 300ms"));
                try (CommandClient requester = new CommandClient(broker.url("tcp"))) {
                    JsonNode refused = new ObjectMapper().readTree(requester.request(PREFIX + "/cmd/reload", "{}").text());
                    assertFalse(refused.get("ok").asBoolean(), refused.toString());
                    String error = refused.get("error").asText();
                    assertTrue(error.startsWith("1 problem(s) in " + c + "; the running config is kept:\n" + c + ":")
                            && error.contains("intervall"), error);
                    cloud.awaitUntil("the reload-refused event with the problem line", PATIENCE, all -> cloud.on(PREFIX + "/events")
                            .stream().anyMatch(r -> r.text().contains("\"type\":\"reload-refused\"") && r.text().contains("intervall")));
                    write(broker, "300ms", "");
                    Files.writeString(config, Files.readString(config).replace("max_delay: 100ms", "max_delay: 200ms"));
                    String uplink = requester.request(PREFIX + "/cmd/reload", "").text();
                    assertEquals("{\"ok\":false,\"error\":\"applying uplink.batch or uplink.encoding (the records' form) needs"
                            + " a restart (systemctl restart outpost); the running config is kept\"}", uplink);
                }
                int before = cloud.on(PREFIX + "/telemetry").size();
                Await.until("telemetry flows on with the old config", PATIENCE,
                        () -> cloud.on(PREFIX + "/telemetry").size() > before + 10, daemon::output);

                // Each record once (delivery is at least once), in seq order.
                Map<Long, JsonNode> records = new TreeMap<>();
                cloud.on(PREFIX + "/telemetry").forEach(r -> {
                    JsonNode record = JsonRecords.tree(r.payload());
                    records.put(record.get("seq").asLong(), record);
                });
                TreeSet<Long> seqs = new TreeSet<>(cloud.seqs(PREFIX, Lane.TELEMETRY));
                assertEquals(1, seqs.first(), "from the first record on");
                assertEquals(seqs.last() - seqs.first() + 1, seqs.size(), "no telemetry seq missing");
                Map<String, List<Long>> values = new TreeMap<>();
                records.values().forEach(record -> record.get("samples").forEach(sample ->
                        values.computeIfAbsent(sample.get("t").asText(), k -> new ArrayList<>()).add(sample.get("v").asLong())));
                for (int i = 0; i < LOAD_TAGS; i++) {
                    List<Long> counts = values.get("load/t" + i);
                    for (int k = 0; k < counts.size(); k++) {
                        assertEquals(k + 1, counts.get(k), "load/t" + i + ": every reading, counting on from 1, never"
                                + " started again: " + counts);
                    }
                }
                List<Long> extra = values.get("extra/count");
                assertTrue(extra.indexOf(1L) != extra.lastIndexOf(1L), "the changed source started again: " + extra);
                long readingsAfterReload = values.get("load/t0").size();
                assertTrue(readingsAfterReload > 50, "load ran on: " + readingsAfterReload);
            }
        }
    }

    @Test
    void aReloadToAnotherBrokerMovesTheUplinkThereAndTheSeqsGoOnWithoutAGap() throws Exception {
        try (MosquittoBroker first = MosquittoBroker.plain(work.resolve("mosquitto-1"));
                MosquittoBroker second = MosquittoBroker.plain(work.resolve("mosquitto-2"))) {
            first.start();
            second.start();
            Path config = write(first, "200ms", "");
            String c = config.toString();
            try (CloudConsumer before = new CloudConsumer(first.url("tcp"), PREFIX);
                    CloudConsumer after = new CloudConsumer(second.url("tcp"), PREFIX);
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", c)) {
                before.awaitUntil("telemetry at the first broker", PATIENCE, all -> before.on(PREFIX + "/telemetry").size() > 20);
                write(second, "200ms", "");
                DaemonProcess.Result reload = DaemonProcess.run(work, "reload", "--json", "-c", c);
                assertEquals(0, reload.exitCode(), reload.output() + daemon.output());
                assertTrue(reload.output().contains("\"changed\":[\"uplink\"],\"restarted\":[\"uplink\"]"), reload.output());
                after.awaitUntil("telemetry at the second broker", PATIENCE, all -> after.on(PREFIX + "/telemetry").size() > 20);
                assertTrue(after.on(PREFIX + "/status").stream().anyMatch(r -> r.text().contains("\"state\":\"online\"")),
                        "birth at the new broker");
                // Back again, asked over MQTT: the reply comes through the uplink being replaced.
                write(first, "200ms", "");
                int atFirst = before.on(PREFIX + "/telemetry").size();
                try (CommandClient requester = new CommandClient(second.url("tcp"))) {
                    String reply = requester.request(PREFIX + "/cmd/reload", "{}").text();
                    assertTrue(reply.startsWith("{\"ok\":true,") && reply.contains("\"restarted\":[\"uplink\"]"), reply);
                }
                before.awaitUntil("telemetry at the first broker again", PATIENCE,
                        all -> before.on(PREFIX + "/telemetry").size() > atFirst + 20);
                TreeSet<Long> seqs = new TreeSet<>(before.seqs(PREFIX, Lane.TELEMETRY));
                seqs.addAll(after.seqs(PREFIX, Lane.TELEMETRY));
                assertEquals(1, seqs.first());
                assertEquals(seqs.last() - seqs.first() + 1, seqs.size(), "no telemetry seq missing across the move");
                DaemonProcess.Result status = DaemonProcess.run(work, "status", "--json", "-c", c);
                assertTrue(status.output().contains("\"broker\":\"" + first.url("tcp") + "\""), status.output());
                assertTrue(daemon.alive(), daemon.output());
            }
        }
    }

    private static boolean seen(CloudConsumer cloud, String tag) {
        return cloud.on(PREFIX + "/telemetry").stream().anyMatch(r -> r.text().contains("\"t\":\"" + tag + "\""));
    }

    private Path write(MosquittoBroker broker, String extraInterval, String more) {
        StringBuilder load = new StringBuilder("- name: load\n  type: simulator\n  tags:\n");
        for (int i = 0; i < LOAD_TAGS; i++) {
            load.append("    - { name: t").append(i).append(", signal: counter, interval: 100ms }\n");
        }
        String extra = """
                - name: extra
                  type: simulator
                  tags:
                    - { name: count, signal: counter, interval: %s }
                """.formatted(extraInterval);
        return GatewayYaml.of("reload-load", work.resolve("data")).adminSocket("admin.sock")
                .sources(more.isEmpty() ? new String[] {load.toString(), extra} : new String[] {load.toString(), extra, more})
                .uplink(broker.url("tcp")).batch(500, "100ms").write(work.resolve("outpost.yaml"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
