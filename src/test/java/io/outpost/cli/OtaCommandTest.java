package io.outpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.Outpost;
import io.outpost.ota.ManifestParser;
import io.outpost.ota.ManifestSignature;
import io.outpost.ota.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtaCommandTest {

    @TempDir
    Path dir;

    @Test
    void keygenWritesAPairWithSafeModesAndSignMakesAManifestThatVerifies() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, Outpost.execute("ota", "keygen", "--out", keys.toString()));
        Path secret = keys.resolve(SigningKeys.PRIVATE_FILE);
        Path pub = keys.resolve(SigningKeys.PUBLIC_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)));
        assertTrue(Files.readString(secret).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(1, Outpost.execute("ota", "keygen", "--out", keys.toString()), "a key is never overwritten");

        Path manifest = Files.writeString(dir.resolve("m.json"), "{\"version\":\"1.4.0\",\"url\":\"https://h/o.tar.gz\","
                + "\"sha256\":\"" + "c".repeat(64) + "\",\"size\":99}");
        Path signed = dir.resolve("m.signed.json");
        assertEquals(0, Outpost.execute("ota", "sign", "--key", secret.toString(), "--out", signed.toString(), manifest.toString()));
        ManifestSignature.verify(ManifestParser.parse(Files.readAllBytes(signed)), SigningKeys.readPublic(pub));
    }

    @Test
    void signRefusesABadManifestOrKeyAsUsage() throws Exception {
        assertEquals(0, Outpost.execute("ota", "keygen", "--out", dir.toString()));
        Path manifest = Files.writeString(dir.resolve("m.json"), "{\"version\":\"1.4\"}");
        assertEquals(2, Outpost.execute("ota", "sign", "--key", dir.resolve(SigningKeys.PRIVATE_FILE).toString(), manifest.toString()));
        assertEquals(2, Outpost.execute("ota", "sign", "--key", dir.resolve(SigningKeys.PUBLIC_FILE).toString(), manifest.toString()));
    }
}
