package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.ProtocolSchema;
import io.outpost.testing.RawSocketClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outpost status} of the built distribution against {@code outpost run}, through the admin socket. */
class StatusIT {

    @TempDir
    Path work;

    @Test
    void statusAsksTheRunningDaemonAndNamesTheSocketWhenNoDaemonAnswers() throws Exception {
        Path socket = work.resolve("admin.sock");
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            Path config = GatewayYaml.of("status-it", work.resolve("data")).adminSocket(socket.toString())
                    .sources(GatewayYaml.SIM_COUNTER, """
                            - name: plc
                              type: modbus-tcp
                              host: 127.0.0.1
                              port: %d
                              poll_interval: 500ms
                              timeout: 200ms
                              tags:
                                - { name: flow, table: input, address: 0, type: uint16 }
                            """.formatted(FreePorts.loopback()))
                    .uplink(broker.url("tcp"))
                    .write(work.resolve("outpost.yaml"));

            DaemonProcess.Result none = DaemonProcess.run(work, "status", "-c", config.toString());
            assertEquals(1, none.exitCode(), none.output());
            assertTrue(none.output().contains("no outpost daemon answers on " + socket) && none.output().contains("outpost run -c "
                    + config), none.output());
            assertFalse(none.output().contains("Exception"), none.output());

            try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                AtomicReference<String> last = new AtomicReference<>("");
                Await.until("status --json shows the link up and the device down", Duration.ofSeconds(90), () -> {
                    DaemonProcess.Result r = run("status", "--json", "-c", config.toString());
                    last.set(r.exitCode() + " " + r.output());
                    return r.exitCode() == 0 && r.output().contains("\"state\":\"up\"")
                            && r.output().contains("\"plc\":{\"up\":false");
                }, () -> last.get() + "\n" + daemon.output());
                JsonNode status = new ObjectMapper().readTree(last.get().substring(2).lines()
                        .filter(l -> l.startsWith("{")).findFirst().orElseThrow());
                assertEquals("status-it", status.get("gw").asText());
                ProtocolSchema.of("The status report").check(status);
                assertEquals(config.toString(), status.get("config").get("file").asText());
                assertTrue(status.get("config").get("digest").asText().matches("sha256:[0-9a-f]{64}"), status.toString());
                assertEquals(broker.url("tcp"), status.get("link").get("broker").asText());
                assertTrue(status.get("link").get("connected_since").asLong() > 0, status.toString());
                assertTrue(status.get("link").get("next_retry_in_ms").isNull(), status.toString());
                assertEquals(10.0, status.get("sources").get("sim").get("readings_per_s_asked").asDouble(), status.toString());
                assertEquals(2.0, status.get("sources").get("plc").get("readings_per_s_asked").asDouble(), status.toString());
                assertEquals(List.of("sim", "plc"), names(status.get("sources")));
                assertTrue(status.get("sources").get("sim").get("up").asBoolean(), status.toString());
                assertTrue(status.get("sources").get("plc").get("last_error").asText().contains("127.0.0.1"), status.toString());
                assertEquals(List.of("alarms", "events", "telemetry"), names(status.get("lanes")));

                DaemonProcess.Result table = DaemonProcess.run(work, "status", "-c", config.toString());
                assertEquals(0, table.exitCode(), table.output());
                String out = table.output();
                assertTrue(out.contains("gateway status-it") && out.contains("link     up"), out);
                assertTrue(out.contains("config   " + config + "  sha256:"), out);
                assertTrue(out.contains("         broker " + broker.url("tcp") + "  up since "), out);
                assertTrue(out.lines().anyMatch(l -> l.matches("\\s+sim\\s+up\\s+reads \\d+\\s+failures 0(\\s+[\\d.]+/s of 10)?")), out);
                assertTrue(out.lines().anyMatch(l -> l.matches("\\s+plc\\s+down\\s+reads \\d+\\s+failures \\d+(\\s+[\\d.]+/s of 2)?")), out);
                assertTrue(out.contains("last error: ") && out.contains("127.0.0.1"), out);
                assertTrue(out.lines().anyMatch(l -> l.matches("queue\\s+depth\\s+bytes\\s+first_seq\\s+last_seq\\s+dropped\\s+oldest")), out);
                assertTrue(out.lines().anyMatch(l -> l.matches("samples  read \\d+  passed \\d+  restamped \\d+  stored \\d+"
                        + "  refused \\d+")), out);
                assertTrue(out.lines().anyMatch(l -> l.matches("\\s+telemetry(\\s+\\d+){5}\\s+\\S+")), out);

                assertTrue(RawSocketClient.exchange(socket, "\u0000\u0001 junk\n".getBytes(StandardCharsets.UTF_8))
                        .startsWith("{\"ok\":false,\"error\":\"unknown command"));
                assertTrue(RawSocketClient.exchange(socket, RawSocketClient.hugeLine())
                        .startsWith("{\"ok\":false,\"error\":\"request longer than"));
                DaemonProcess.Result after = DaemonProcess.run(work, "status", "--json", "-c", config.toString());
                assertEquals(0, after.exitCode(), after.output());
                assertTrue(daemon.alive(), daemon.output());

                int exit = daemon.terminate();
                assertTrue(exit == 0 || exit == 143, "SIGTERM stops the daemon in order, exit " + exit + "\n" + daemon.output());
                assertFalse(Files.exists(socket), "socket removed on stop:\n" + daemon.output());
            }
        }
    }

    private DaemonProcess.Result run(String... args) {
        try {
            return DaemonProcess.run(work, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
