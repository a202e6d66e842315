package io.outpost.source.opcua.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnCertificateTest {

    @TempDir
    Path pki;

    @Test
    void isCreatedOnFirstUseWithRsa2048AndTheUriAndHostInTheSanThenReused() throws Exception {
        OwnCertificate first = OwnCertificate.loadOrCreate(pki, "urn:outpost:gw1", "gw1.example");
        Path file = pki.resolve("own").resolve(OwnCertificate.FILE);
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(2048, ((RSAPublicKey) first.certificate().getPublicKey()).getModulus().bitLength());
        List<String> san = first.certificate().getSubjectAlternativeNames().stream()
                .map(entry -> String.valueOf(entry.get(1))).toList();
        assertTrue(san.contains("urn:outpost:gw1") && san.contains("gw1.example"), san.toString());

        OwnCertificate again = OwnCertificate.loadOrCreate(pki, "urn:outpost:gw1", "gw1.example");
        assertEquals(first.certificate(), again.certificate());
        assertEquals(first.keyPair().getPrivate(), again.keyPair().getPrivate());
    }

    @Test
    void warnsWithinThirtyDaysOfTheEnd() throws Exception {
        OwnCertificate own = OwnCertificate.loadOrCreate(pki, "urn:outpost:gw1", "gw1.example");
        Instant end = own.certificate().getNotAfter().toInstant();
        assertFalse(own.expiresSoon(Instant.now()));
        assertFalse(own.expiresSoon(end.minus(Duration.ofDays(31))));
        assertTrue(own.expiresSoon(end.minus(Duration.ofDays(29))));
    }
}
