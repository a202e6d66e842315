package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.source.opcua.pki.OwnCertificate;
import io.outpost.source.opcua.pki.TrustList;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MosquittoBroker;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the built distribution, as an operator's shell runs it. */
class CliIT {

    @TempDir
    Path work;

    @Test
    void validateAcceptsTheShippedDefaultConfig() throws Exception {
        DaemonProcess.Result r = DaemonProcess.run(work, "validate", "-c", "conf/outpost.yaml");
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void validateReportsAMisspeltKeyABadDurationAndADuplicateTagAsThreeLocatedLines() throws Exception {
        Path config = Path.of("src/test/resources/cases/three-problems/outpost.yaml");
        DaemonProcess.Result r = DaemonProcess.run(work, "validate", "-c", config.toString());
        assertEquals(2, r.exitCode(), r.output());
        List<String> located = r.output().lines().filter(l -> l.startsWith(config + ":")).toList();
        assertEquals(3, located.size(), r.output());
        located.forEach(l -> assertTrue(l.matches(".*outpost\\.yaml:\\d+:\\d+: \\S+: .+"), l));
        assertFalse(r.output().contains("Exception"), "no stack trace without --debug:\n" + r.output());
    }

    @Test
    void validateOfAMissingFileNamesTheFileAndExitsTwo() throws Exception {
        DaemonProcess.Result r = DaemonProcess.run(work, "validate", "-c", work.resolve("nope.yaml").toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("nope.yaml"), r.output());
    }

    @Test
    void runWithAnUnreachableOpcUaServerKeepsTheDaemonUpWithThatSourceDownAndTheOthersFlowing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            Path config = GatewayYaml.of("opcua-down", work.resolve("data")).adminSocket("admin.sock")
                    .sources("""
                            - name: line
                              type: opcua
                              endpoint: opc.tcp://127.0.0.1:%d
                              tags:
                                - { name: temperature, node: "ns=2;s=Line/Temperature" }
                            """.formatted(FreePorts.loopback()), GatewayYaml.SIM_COUNTER)
                    .uplink(broker.url("tcp")).batch(100, "50ms")
                    .write(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), "outpost/opcua-down");
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                cloud.awaitUntil("line/temperature bad and the simulator's telemetry", Duration.ofSeconds(60), all ->
                        cloud.on("outpost/opcua-down/telemetry").stream().anyMatch(r -> r.text().contains("\"t\":\"sim/counter\""))
                        && cloud.on("outpost/opcua-down/telemetry").stream().anyMatch(r -> r.text().contains("\"t\":\"line/temperature\"")
                                && r.text().contains("bad")));
                Await.until("connect failure logged", () -> daemon.output().contains("event=opcua-connect-failed source=line"),
                        daemon::output);
                assertTrue(daemon.alive(), daemon.output());
            }
        }
    }

    @Test
    void pkiListsTrustsTheNthRejectedServerCertificateAndRemovesIt() throws Exception {
        Path data = work.resolve("data");
        Path config = GatewayYaml.of("gw1", data).adminSocket("admin.sock")
                .sources("""
                        - name: sim
                          type: simulator
                          tags:
                            - { name: counter, signal: counter }
                        """)
                .uplink("tcp://127.0.0.1:1")
                .write(work.resolve("outpost.yaml"));
        X509Certificate server = OwnCertificate.loadOrCreate(work.resolve("server-pki"), "urn:acme:plc", "plc.example")
                .certificate();
        new TrustList(data.resolve("pki")).reject(server);
        String fingerprint = TrustList.sha256(server);

        DaemonProcess.Result listed = DaemonProcess.run(work, "pki", "list", "-c", config.toString());
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains("1. ") && listed.output().contains(fingerprint), listed.output());

        DaemonProcess.Result trusted = DaemonProcess.run(work, "pki", "trust", "--rejected", "1", "-c", config.toString());
        assertEquals(0, trusted.exitCode(), trusted.output());
        assertTrue(new TrustList(data.resolve("pki")).isTrusted(server), trusted.output());

        DaemonProcess.Result none = DaemonProcess.run(work, "pki", "trust", "--rejected", "1", "-c", config.toString());
        assertEquals(2, none.exitCode(), none.output());

        DaemonProcess.Result removed = DaemonProcess.run(work, "pki", "remove", fingerprint.substring(0, 8), "-c", config.toString());
        assertEquals(0, removed.exitCode(), removed.output());
        assertFalse(new TrustList(data.resolve("pki")).isTrusted(server), removed.output());
    }

    @Test
    void versionPrintsVersionJvmAndArchitecture() throws Exception {
        DaemonProcess.Result r = DaemonProcess.run(work, "version");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("outpost ") && r.output().contains("jvm") && r.output().contains("arch"), r.output());
    }

    @Test
    void unknownCommandIsAUsageErrorWithExitTwo() throws Exception {
        DaemonProcess.Result r = DaemonProcess.run(work, "frobnicate");
        assertEquals(2, r.exitCode(), r.output());
    }
}
