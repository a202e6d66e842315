package io.outpost.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.config.TlsConfig;
import io.outpost.testing.TestPki;
import io.outpost.testing.TestPki.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsPkcs8Sec1AndPkcs1KeysThatMatchTheirCertificates() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair ca = pki.authority("ca");
        for (KeyFormat format : KeyFormat.values()) {
            TestPki.Pair client = pki.client(ca, "client-" + format, format);
            PrivateKey key = PemFiles.privateKey(client.key(), "uplink.tls.key_file");
            assertEquals(format == KeyFormat.PKCS1_RSA ? "RSA" : "EC", key.getAlgorithm(), format.toString());
            // Builds an mTLS socket factory, which checks that key and certificate belong together.
            assertNotNull(TlsSocketFactories.create(Optional.of(
                    new TlsConfig(Optional.of(ca.cert()), Optional.of(client.cert()), Optional.of(client.key())))));
        }
    }

    @Test
    void readsEveryCertificateOfABundle() throws Exception {
        TestPki pki = new TestPki(dir);
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "first CA\n" + Files.readString(pki.authority("ca1").cert())
                + "\nsecond CA\n" + Files.readString(pki.authority("ca2").cert()));
        assertEquals(2, PemFiles.certificates(bundle, "uplink.tls.ca_file").size());
    }

    @Test
    void aKeyOfAnotherCertificateIsNamedAsSuch() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair ca = pki.authority("ca");
        TestPki.Pair one = pki.client(ca, "one", KeyFormat.PKCS8_EC);
        TestPki.Pair other = pki.client(ca, "other", KeyFormat.PKCS8_EC);
        LinkSetupException e = assertThrows(LinkSetupException.class, () -> TlsSocketFactories.create(Optional.of(
                new TlsConfig(Optional.empty(), Optional.of(one.cert()), Optional.of(other.key())))));
        assertTrue(e.getMessage().contains("does not belong") && e.getMessage().contains(other.key().toString()), e.getMessage());
    }

    @Test
    void explainsFilesItCannotUse() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertMessage(() -> PemFiles.certificates(missing, "uplink.tls.ca_file"), "uplink.tls.ca_file " + missing + ": cannot read");

        Path encrypted = dir.resolve("encrypted.key");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertMessage(() -> PemFiles.privateKey(encrypted, "uplink.tls.key_file"), "is encrypted");

        Path traditionalEncrypted = dir.resolve("old.key");
        Files.writeString(traditionalEncrypted, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertMessage(() -> PemFiles.privateKey(traditionalEncrypted, "uplink.tls.key_file"), "is encrypted");

        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello");
        assertMessage(() -> PemFiles.certificates(notPem, "uplink.tls.ca_file"), "no \"BEGIN CERTIFICATE\" block");
        assertMessage(() -> PemFiles.privateKey(notPem, "uplink.tls.key_file"), "no \"BEGIN PRIVATE KEY\"");

        assertMessage(() -> TlsSocketFactories.create(Optional.of(
                new TlsConfig(Optional.empty(), Optional.of(notPem), Optional.empty()))), "cert_file and key_file go together");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertMessage(Action action, String expected) {
        LinkSetupException e = assertThrows(LinkSetupException.class, action::run);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
