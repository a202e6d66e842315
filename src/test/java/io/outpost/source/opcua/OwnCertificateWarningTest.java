package io.outpost.source.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.source.opcua.OpcUaSourceConfig.Security;
import io.outpost.source.opcua.OpcUaSourceConfig.TimestampSource;
import io.outpost.source.opcua.OpcUaSourceConfig.Mode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityMode;
import io.outpost.source.opcua.OpcUaSourceConfig.SecurityPolicy;
import io.outpost.config.ReportPolicy;
import io.outpost.value.Quality;
import io.outpost.value.Value;
import io.outpost.source.SourceHealth;
import io.outpost.source.opcua.OpcUaSourceTest.Latest;
import io.outpost.source.opcua.pki.OwnCertificate;
import io.outpost.source.opcua.pki.TrustList;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import io.outpost.testing.MiloTestServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An own certificate that ends within 30 days shows as a warning in the source's health, with what to do. */
class OwnCertificateWarningTest {

    @TempDir
    Path dir;

    @Test
    void aSecuredSourceWarnsOfItsExpiringCertificateWhileAFreshOneDoesNot() throws Exception {
        Path expiringPki = dir.resolve("expiring");
        X509Certificate expiring = writeOwnCertificate(expiringPki, Period.ofDays(10));
        Path freshPki = dir.resolve("fresh");
        try (MiloTestServer server = new MiloTestServer(FreePorts.loopback(), true).start()) {
            new TrustList(expiringPki).trust(server.certificate());
            new TrustList(freshPki).trust(server.certificate());
            Latest expiringValues = new Latest();
            Latest freshValues = new Latest();
            try (OpcUaSource withExpiring = new OpcUaSource(config(server.endpoint()), System::currentTimeMillis, expiringPki);
                    OpcUaSource withFresh = new OpcUaSource(config(server.endpoint()), System::currentTimeMillis, freshPki)) {
                withExpiring.start(expiringValues::accept);
                withFresh.start(freshValues::accept);
                Await.until("both read over the secured channel", Duration.ofSeconds(60),
                        () -> expiringValues.has("double", Quality.GOOD, Value.of(21.5))
                                && freshValues.has("double", Quality.GOOD, Value.of(21.5)),
                        () -> List.of(withExpiring.health(), withFresh.health()));

                SourceHealth health = withExpiring.health();
                assertTrue(health.up(), health.toString());
                String end = expiring.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
                assertEquals(List.of("own certificate expires " + end + " (9 days); renew it: delete "
                        + expiringPki.resolve("own").resolve(OwnCertificate.FILE)
                        + " and restart outpost, then trust the new certificate in the OPC UA servers"), health.warnings());
                assertEquals(List.of(), withFresh.health().warnings(), withFresh.health().toString());
            }
        }
    }

    private static OpcUaSourceConfig config(String endpoint) {
        return new OpcUaSourceConfig("plc", endpoint, new Security(SecurityPolicy.BASIC256SHA256, SecurityMode.SIGN_AND_ENCRYPT, Optional.empty(), Optional.empty()), Mode.SUBSCRIBE,
                Duration.ofMillis(100), TimestampSource.GATEWAY, List.of(new OpcUaTagConfig("double", "ns=2;s=Double", ReportPolicy.EVERY_CHANGE)));
    }

    /** What {@link OwnCertificate} would have created, but valid only {@code validity} from now. */
    private static X509Certificate writeOwnCertificate(Path pki, Period validity) throws Exception {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keys)
                .setCommonName("Outpost gateway test")
                .setApplicationUri(OpcUaClients.APPLICATION_URI)
                .addDnsName("localhost")
                .setValidityPeriod(validity)
                .setSignatureAlgorithm(SelfSignedCertificateBuilder.SA_SHA256_RSA)
                .build();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("outpost", keys.getPrivate(), OwnCertificate.STORE_PASSWORD.toCharArray(),
                new Certificate[] {certificate});
        Path file = Files.createDirectories(pki.resolve("own")).resolve(OwnCertificate.FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, OwnCertificate.STORE_PASSWORD.toCharArray());
        }
        return certificate;
    }
}
