package io.outpost.source.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.source.opcua.OpcUaSourceConfig.Security;
import io.outpost.source.opcua.OpcUaSourceConfig.TimestampSource;
import io.outpost.source.opcua.OpcUaSourceConfig.Mode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityMode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.source.opcua.pki.TrustList;
import io.outpost.testing.FreePorts;
import io.outpost.testing.MiloTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every security policy of SPEC §2 with modes Sign and SignAndEncrypt (and None/None) against one Milo
 * server that offers them all: the gateway connects the way a source does, with its own certificate
 * from the pki directory and the server's certificate trusted once, and reads a value.
 */
class SecurityPoliciesTest {

    @TempDir
    static Path dir;
    private static MiloTestServer server;

    @BeforeAll
    static void startServerAndTrustIt() throws Exception {
        server = new MiloTestServer(FreePorts.loopback(), true).start();
        new TrustList(dir.resolve("pki")).trust(server.certificate());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static Stream<Arguments> everyPolicyAndMode() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of(SecurityPolicy.NONE, SecurityMode.NONE));
        for (SecurityPolicy policy : SecurityPolicy.values()) {
            if (policy != SecurityPolicy.NONE) {
                all.add(Arguments.of(policy, SecurityMode.SIGN));
                all.add(Arguments.of(policy, SecurityMode.SIGN_AND_ENCRYPT));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPolicyAndMode")
    void connectsAndReadsAValue(SecurityPolicy policy, SecurityMode mode) throws Exception {
        OpcUaSourceConfig config = new OpcUaSourceConfig("plc", server.endpoint(), new Security(policy, mode, Optional.empty(), Optional.empty()), Mode.POLL,
                Duration.ofSeconds(1), TimestampSource.GATEWAY, List.of());
        Path pki = dir.resolve("pki");
        OpcUaClient client = OpcUaClients.connect(config, pki, OpcUaClients.ownCertificate(config, pki));
        try {
            assertEquals(policy.uri(), client.getConfig().getEndpoint().getSecurityPolicyUri());
            assertEquals(21.5, client.readValue(0.0, TimestampsToReturn.Neither, NodeId.parse("ns=2;s=Double"))
                    .getValue().getValue());
        } finally {
            OpcUaClients.disconnectQuietly(client);
        }
    }

    @Test
    void aPolicyTheServerDoesNotOfferIsNamedWithWhatItOffers() throws Exception {
        try (MiloTestServer plain = new MiloTestServer(FreePorts.loopback()).start()) {
            OpcUaSourceConfig config = new OpcUaSourceConfig("plc", plain.endpoint(), new Security(SecurityPolicy.BASIC256SHA256, SecurityMode.SIGN, Optional.empty(), Optional.empty()), Mode.POLL,
                Duration.ofSeconds(1), TimestampSource.GATEWAY, List.of());
            Path pki = dir.resolve("pki");
            Exception e = assertThrows(Exception.class,
                    () -> OpcUaClients.connect(config, pki, OpcUaClients.ownCertificate(config, pki)));
            assertEquals("cannot connect to " + plain.endpoint() + ": Bad_SecurityPolicyRejected (The security policy does "
                    + "not meet the requirements set by the server.): the server offers no endpoint with security_policy "
                    + "Basic256Sha256 and security_mode Sign; it offers None/None", OpcUaClients.connectFailure(config, e));
        }
    }
}
