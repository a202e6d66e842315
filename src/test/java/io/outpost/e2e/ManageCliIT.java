package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.testing.Await;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.ProtocolSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management commands of the built distribution against {@code outpost run}, through the admin socket. */
class ManageCliIT {

    @TempDir
    Path work;

    @Test
    void sighupReloadsInsteadOfStoppingAndABrokenConfigIsRefusedWithItsProblemLines() throws Exception {
        Path config = GatewayYaml.of("hup", work.resolve("data")).adminSocket("admin.sock")
                .sources(GatewayYaml.SIM_COUNTER).uplink("tcp://127.0.0.1:1").write(work.resolve("outpost.yaml"));
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
            Await.until("the gateway started", Duration.ofSeconds(60),
                    () -> daemon.output().contains("event=admin-socket-listening"), daemon::output);
            hup(daemon);
            Await.until("a reload with nothing changed", Duration.ofSeconds(30),
                    () -> daemon.output().contains("event=reloaded config=" + config), daemon::output);
            assertTrue(daemon.alive(), "SIGHUP must not stop the daemon:\n" + daemon.output());

            Files.writeString(config, Files.readString(config).replace("  id: hup", "  id: hup\n  colour: blue"));
            hup(daemon);
            Await.until("the broken config refused", Duration.ofSeconds(30),
                    () -> daemon.output().contains("event=reload-refused"), daemon::output);
            String refused = daemon.output().lines().filter(l -> l.contains("event=reload-refused")).findFirst().orElseThrow();
            assertTrue(refused.contains(config + ":") && refused.contains("gateway.colour"), refused);

            DaemonProcess.Result cli = DaemonProcess.run(work, "reload", "-c", config.toString());
            assertEquals(2, cli.exitCode(), cli.output());
            assertTrue(cli.output().contains("gateway.colour"), cli.output());
            assertTrue(daemon.alive(), daemon.output());
        }
    }

    @Test
    void outpostAloneIsBadUsageAndPkiAloneSaysWhatItNeedsOnce() throws Exception {
        DaemonProcess.Result alone = DaemonProcess.run(work);
        assertEquals(2, alone.exitCode(), alone.output());
        assertTrue(alone.output().contains("Usage: outpost") && alone.output().contains("outpost: a command is needed"),
                alone.output());

        DaemonProcess.Result pki = DaemonProcess.run(work, "pki");
        assertEquals(2, pki.exitCode(), pki.output());
        assertTrue(pki.output().contains("outpost: pki needs a subcommand"), pki.output());
        assertFalse(pki.output().contains("outpost: outpost"), pki.output());
    }

    @Test
    void tagsQueueSetAndReloadAgainstARunningDaemonWithTheirDocumentedJsonAndOneLineWhenNoDaemonAnswers() throws Exception {
        Path socket = work.resolve("admin.sock");
        Path config = GatewayYaml.of("manage", work.resolve("data")).adminSocket(socket.toString())
                .sources(GatewayYaml.SIM_COUNTER, """
                        - name: panel
                          type: gpio
                          provider: mock
                          tags:
                            - { name: lamp, pin: 22, direction: output }
                        """)
                .uplink("tcp://127.0.0.1:1").batch(10, "50ms").write(work.resolve("outpost.yaml"));
        String c = config.toString();
        for (String[] command : new String[][] {{"tags"}, {"queue", "stats"}, {"queue", "purge", "--lane", "events", "--yes"},
                {"set", "panel/lamp", "true"}, {"reload"}, {"status"}}) {
            DaemonProcess.Result none = cli(append(command, "-c", c));
            assertEquals(1, none.exitCode(), String.join(" ", command) + ": " + none.output());
            assertEquals(1, none.output().strip().lines().count(), "one line: " + none.output());
            assertTrue(none.output().contains("no outpost daemon answers on " + socket) && none.output().contains("outpost run -c " + c),
                    none.output());
        }

        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", c)) {
            Await.until("the socket and a counter reading", Duration.ofSeconds(60), () -> cli("tags", "--json", "-c", c)
                    .output().contains("\"tag\":\"sim/counter\",\"source\":\"sim\",\"value\":"), daemon::output);

            JsonNode tags = json(cli("tags", "--json", "-c", c));
            ProtocolSchema.of("`outpost tags --json`").check(tags);
            assertEquals(List.of("sim/counter", "panel/lamp"), texts(tags.get("tags"), "tag"));
            assertEquals("good", tags.get("tags").get(0).get("quality").asText(), tags.toString());
            assertEquals(List.of("panel/lamp"), texts(json(cli("tags", "--json", "panel/*", "-c", c)).get("tags"), "tag"));
            DaemonProcess.Result table = cli("tags", "-c", c);
            assertEquals(0, table.exitCode(), table.output());
            assertTrue(table.output().lines().anyMatch(l -> l.matches("TAG\\s+VALUE\\s+QUALITY\\s+AGE\\s+SOURCE")), table.output());
            assertTrue(table.output().lines().anyMatch(l -> l.matches("sim/counter\\s+\\d+\\s+good\\s+\\S+\\s+sim")), table.output());
            fits80(table.output());

            Path watchLog = work.resolve("watch.out");
            try (DaemonProcess watch = DaemonProcess.start(watchLog, "tags", "--watch", "-c", c)) {
                Await.until("three redraws in place", Duration.ofSeconds(60),
                        () -> watch.output().split("\u001b\\[H\u001b\\[2J", -1).length > 3, watch::output);
                assertTrue(watch.alive(), watch.output());
            }

            Await.until("telemetry queued (no broker)", Duration.ofSeconds(60),
                    () -> json(cli("queue", "stats", "--json", "-c", c)).get("lanes").get("telemetry").get("depth").asLong() > 20,
                    daemon::output);
            JsonNode stats = json(cli("queue", "stats", "--json", "-c", c));
            ProtocolSchema.of("`outpost queue stats --json`").check(stats);
            assertEquals(List.of("alarms", "events", "telemetry"), names(stats.get("lanes")));
            assertTrue(stats.get("lanes").get("telemetry").get("oldest_age_ms").asLong() >= 0, stats.toString());
            DaemonProcess.Result statsTable = cli("queue", "stats", "-c", c);
            assertTrue(statsTable.output().lines().anyMatch(l -> l.matches("telemetry(\\s+\\d+){5}\\s+\\S+.*")), statsTable.output());
            fits80(statsTable.output());

            DaemonProcess.Result unconfirmed = cli("queue", "purge", "--lane", "telemetry", "-c", c);
            assertEquals(2, unconfirmed.exitCode(), unconfirmed.output());
            assertTrue(unconfirmed.output().contains("--yes"), unconfirmed.output());
            JsonNode purged = json(cli("queue", "purge", "--lane", "telemetry", "--yes", "--json", "-c", c));
            ProtocolSchema.of("`outpost queue purge").check(purged);
            long first = purged.get("first_seq").asLong();
            long last = purged.get("last_seq").asLong();
            assertTrue(first >= 1 && last >= first && purged.get("count").asLong() == last - first + 1, purged.toString());
            Await.until("the records stored since are kept, from the seq after the purged ones", Duration.ofSeconds(60), () -> {
                JsonNode telemetry = json(cli("queue", "stats", "--json", "-c", c)).get("lanes").get("telemetry");
                return telemetry.get("depth").asLong() > 0 && telemetry.get("last_seq").asLong() > last;
            }, daemon::output);
            assertEquals(last + 1, json(cli("queue", "stats", "--json", "-c", c)).get("lanes").get("telemetry").get("first_seq").asLong());
            assertTrue(daemon.output().contains("event=purged lane=telemetry first_seq=" + first + " last_seq=" + last), daemon.output());
            DaemonProcess.Result purgedText = cli("queue", "purge", "--lane", "alarms", "--yes", "-c", c);
            assertEquals("lane alarms was empty; nothing purged", purgedText.output().strip());
            DaemonProcess.Result badLane = cli("queue", "purge", "--lane", "cargo", "--yes", "-c", c);
            assertEquals(1, badLane.exitCode(), badLane.output());
            assertTrue(badLane.output().contains("\"lane\" must be one of alarms, events, telemetry"), badLane.output());

            DaemonProcess.Result set = cli("set", "panel/lamp", "true", "-c", c);
            assertEquals(0, set.exitCode(), set.output());
            assertEquals("panel/lamp = true (read back)", set.output().strip());
            JsonNode setJson = json(cli("set", "panel/lamp", "false", "--json", "-c", c));
            ProtocolSchema.of("`outpost set TAG VALUE --json`").check(setJson);
            assertFalse(setJson.get("value").asBoolean(), setJson.toString());
            DaemonProcess.Result input = cli("set", "sim/counter", "3", "-c", c);
            assertEquals(1, input.exitCode(), input.output());
            assertTrue(input.output().contains("refused: tag sim/counter cannot be set: source 'sim' has no outputs"), input.output());

            JsonNode reload = json(cli("reload", "--json", "-c", c));
            ProtocolSchema.of("`outpost reload --json`").check(reload);
            assertEquals(0, reload.get("changed").size(), reload.toString());
            assertTrue(reload.get("digest").asText().matches("sha256:[0-9a-f]{64}"), reload.toString());
            assertEquals(c + ": reloaded, nothing changed", cli("reload", "-c", c).output().strip());
            assertTrue(daemon.alive(), daemon.output());
        }
    }

    private DaemonProcess.Result cli(String... args) {
        try {
            return DaemonProcess.run(work, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(DaemonProcess.Result result) {
        assertEquals(0, result.exitCode(), result.output());
        try {
            return new ObjectMapper().readTree(result.output().lines().filter(l -> l.startsWith("{")).findFirst()
                    .orElseThrow(() -> new AssertionError("no JSON line: " + result.output())));
        } catch (java.io.IOException e) {
            throw new AssertionError(result.output(), e);
        }
    }

    private static void fits80(String output) {
        output.lines().forEach(l -> assertTrue(l.length() <= 80, "wider than 80 columns: " + l));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.get(field).asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String[] append(String[] command, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void hup(DaemonProcess daemon) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
    }
}
