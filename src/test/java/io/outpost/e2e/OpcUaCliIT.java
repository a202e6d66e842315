package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.source.opcua.pki.TrustList;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MiloTestServer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost pki fetch} and {@code outpost validate --connect} from the built launcher (a child
 * process) against a secured Milo server in this JVM.
 */
class OpcUaCliIT {

    /** Source {@code line} on the test server, Basic256Sha256 + SignAndEncrypt; its tags follow, endpoint as %s. */
    private static final String SECURED_SOURCE = """
            - name: line
              type: opcua
              endpoint: %s
              security_policy: Basic256Sha256
              security_mode: SignAndEncrypt
              tags:
            """;
    private static MiloTestServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = new MiloTestServer(FreePorts.loopback(), true).start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Path config(String sources) {
        return GatewayYaml.of("gw1", work.resolve("data")).sources(sources).uplink("tcp://127.0.0.1:1")
                .write(work.resolve("outpost.yaml"));
    }

    @Test
    void pkiFetchPrintsTheServerCertificateAndTrustsItOnlyWithTrust() throws Exception {
        Path config = config("""
                - name: sim
                  type: simulator
                  tags:
                    - { name: counter, signal: counter }""");
        X509Certificate cert = server.certificate();
        String fingerprint = TrustList.sha256(cert);
        TrustList trust = new TrustList(work.resolve("data").resolve("pki"));

        DaemonProcess.Result fetched = DaemonProcess.run(work, "pki", "fetch", server.endpoint(), "-c", config.toString());
        assertEquals(0, fetched.exitCode(), fetched.output());
        assertTrue(fetched.output().contains(cert.getSubjectX500Principal().getName()), fetched.output());
        assertTrue(fetched.output().contains("SHA-256 " + fingerprint), fetched.output());
        assertTrue(fetched.output().contains("expires " + cert.getNotAfter().toInstant()), fetched.output());
        assertFalse(trust.isTrusted(cert), "fetch alone trusts nothing");
        assertTrue(trust.trusted().isEmpty(), fetched.output());

        DaemonProcess.Result trusted = DaemonProcess.run(work, "pki", "fetch", server.endpoint(), "--trust", "-c", config.toString());
        assertEquals(0, trusted.exitCode(), trusted.output());
        assertTrue(trust.isTrusted(cert), trusted.output());
        DaemonProcess.Result listed = DaemonProcess.run(work, "pki", "list", "-c", config.toString());
        assertEquals(0, listed.exitCode(), listed.output());
        String trustedSection = listed.output().substring(listed.output().indexOf("trusted:"), listed.output().indexOf("rejected:"));
        assertTrue(trustedSection.contains(fingerprint), listed.output());

        String unreachable = "opc.tcp://127.0.0.1:" + FreePorts.loopback() + "/none";
        DaemonProcess.Result down = DaemonProcess.run(work, "pki", "fetch", unreachable, "-c", config.toString());
        assertEquals(1, down.exitCode(), down.output());
        assertTrue(down.output().contains("outpost: cannot read the endpoints of " + unreachable + ": "), down.output());
        assertFalse(down.output().contains("Exception"), "no stack trace without --debug:\n" + down.output());
    }

    @Test
    void validateConnectReportsAnUntrustedServerAnUnreachableOneAndRefusedNodesAtTheirPositions() throws Exception {
        String unreachable = "opc.tcp://127.0.0.1:" + FreePorts.loopback();
        Path config = config((SECURED_SOURCE + """
                    - name: temperature
                      node: ns=2;s=Double
                    - name: curve
                      node: ns=2;s=DoubleArray
                    - name: info
                      node: ns=2;s=Structure
                    - name: gone
                      node: ns=2;s=NoSuchNode
                - name: sim
                  type: simulator
                  tags:
                    - { name: counter, signal: counter }
                - name: down
                  type: opcua
                  endpoint: %s
                  tags:
                    - { name: t, node: i=2258 }""").formatted(server.endpoint(), unreachable));

        DaemonProcess.Result offline = DaemonProcess.run(work, "validate", "-c", config.toString());
        assertEquals(0, offline.exitCode(), "validate without --connect stays offline:\n" + offline.output());

        DaemonProcess.Result untrusted = DaemonProcess.run(work, "validate", "--connect", "-c", config.toString());
        assertEquals(2, untrusted.exitCode(), untrusted.output());
        String subject = server.certificate().getSubjectX500Principal().getName();
        assertEquals(List.of(
                config + ":8:15: sources[0].endpoint: cannot connect to " + server.endpoint() + ": ",
                config + ":26:15: sources[2].endpoint: cannot connect to " + unreachable + ": "),
                problemLines(untrusted, config).stream().map(l -> l.substring(0, l.indexOf(": ", l.indexOf("connect to ")) + 2)).toList());
        assertTrue(problemLines(untrusted, config).get(0).contains("server certificate not trusted: " + subject
                + ", SHA-256 " + TrustList.sha256(server.certificate()) + "; trust it with `outpost pki trust "), untrusted.output());

        DaemonProcess.Result trusted = DaemonProcess.run(work, "pki", "trust", "--rejected", "1", "-c", config.toString());
        assertEquals(0, trusted.exitCode(), trusted.output());

        DaemonProcess.Result nodes = DaemonProcess.run(work, "validate", "--connect", "-c", config.toString());
        assertEquals(2, nodes.exitCode(), nodes.output());
        List<String> lines = problemLines(nodes, config);
        assertEquals(4, lines.size(), nodes.output());
        assertEquals(config + ":15:15: sources[0].tags[1].node: node ns=2;s=DoubleArray is an array of Double (ValueRank 1); "
                + "only scalar values are read", lines.get(0));
        assertEquals(config + ":17:15: sources[0].tags[2].node: node ns=2;s=Structure is a structure (BuildInfo); "
                + "only scalar values are read", lines.get(1));
        assertTrue(lines.get(2).startsWith(config + ":19:15: sources[0].tags[3].node: node ns=2;s=NoSuchNode: Bad_NodeIdUnknown"),
                nodes.output());
        assertTrue(lines.get(3).startsWith(config + ":26:15: sources[2].endpoint: cannot connect to " + unreachable), nodes.output());
        assertFalse(nodes.output().contains("Exception"), "no stack trace without --debug:\n" + nodes.output());

        Path good = config((SECURED_SOURCE
                + "    - { name: temperature, node: ns=2;s=Double }\n"
                + "    - { name: state, node: ns=2;s=Enumeration }").formatted(server.endpoint()));
        DaemonProcess.Result ok = DaemonProcess.run(work, "validate", "--connect", "-c", good.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains(good + ": ok"), ok.output());
    }

    private static List<String> problemLines(DaemonProcess.Result result, Path config) {
        return result.output().lines().filter(l -> l.startsWith(config + ":")).toList();
    }
}
