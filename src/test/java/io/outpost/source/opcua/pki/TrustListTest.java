package io.outpost.source.opcua.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustListTest {

    @TempDir
    Path pki;

    @Test
    void anUnknownServerCertificateIsRejectedWithTheCommandThatTrustsItAndTrustedAfterIt() throws Exception {
        X509Certificate server = OwnCertificate.create("urn:acme:plc", "plc.example").certificate();
        TrustList trust = new TrustList(pki);
        assertFalse(trust.isTrusted(server));

        String message = trust.reject(server);
        assertTrue(message.startsWith("server certificate not trusted: " + server.getSubjectX500Principal().getName()
                + ", SHA-256 " + TrustList.sha256(server) + "; trust it with `outpost pki trust "), message);
        assertEquals(1, trust.rejected().size());

        TrustList.Entry trusted = trust.trustRejected(1);
        assertEquals(TrustList.sha256(server), trusted.sha256());
        assertTrue(trust.isTrusted(server));
        assertTrue(trust.rejected().isEmpty());
        assertEquals(1, trust.trusted().size());

        assertTrue(trust.remove(trusted.sha256().substring(0, 11)).isPresent());
        assertFalse(trust.isTrusted(server));
        assertThrows(IllegalArgumentException.class, () -> trust.trustRejected(1));
    }
}
