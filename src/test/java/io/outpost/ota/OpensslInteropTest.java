package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The openssl 3 commands of docs/ota.md, run for real: a key and a signature made by openssl verify
 * here, and ours verify with openssl. openssl is a base tool of the build machine; its absence fails.
 */
class OpensslInteropTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void opensslIsThere() throws Exception {
        assertEquals(0, new ProcessBuilder("sh", "-c", "command -v openssl").start().waitFor(),
                "openssl 3 is needed for this test (apt-get install -y openssl)");
    }

    private void openssl(String... args) throws Exception {
        Process p = new ProcessBuilder(List.of(args)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", args) + ":\n" + out);
    }

    @Test
    void aManifestSignedWithOpensslVerifies() throws Exception {
        openssl("openssl", "genpkey", "-algorithm", "ed25519", "-out", "release.key");
        openssl("openssl", "pkey", "-in", "release.key", "-pubout", "-out", "release.pub");
        String sha = "d".repeat(64);
        // the canonical form, written by hand as docs/ota.md shows: keys sorted, no whitespace
        Files.writeString(dir.resolve("canonical.json"),
                "{\"sha256\":\"" + sha + "\",\"size\":4321,\"url\":\"https://h/o.tar.gz\",\"version\":\"1.5.0\"}");
        openssl("openssl", "pkeyutl", "-sign", "-inkey", "release.key", "-rawin", "-in", "canonical.json", "-out", "sig.bin");
        String signature = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("sig.bin")));
        String manifest = "{\n  \"version\": \"1.5.0\",\n  \"url\": \"https://h/o.tar.gz\",\n  \"sha256\": \"" + sha
                + "\",\n  \"size\": 4321,\n  \"signature\": \"" + signature + "\"\n}\n";
        Manifest m = ManifestParser.parse(manifest.getBytes(StandardCharsets.UTF_8));
        ManifestSignature.verify(m, SigningKeys.readPublic(dir.resolve("release.pub")));
        // and the same key read as a private key here signs the same bytes
        byte[] ours = ManifestSignature.sign(m, SigningKeys.readPrivate(dir.resolve("release.key")));
        assertTrue(new String(ours, StandardCharsets.UTF_8).contains(signature), "Ed25519 is deterministic");
    }

    @Test
    void ourKeysAndSignaturesAreReadByOpenssl() throws Exception {
        SigningKeys.generate(dir);
        byte[] signed = ManifestSignature.sign(ManifestParser.parseUnsigned(TestManifests.unsigned("1.5.0", "https://h/o",
                "e".repeat(64), 12).getBytes(StandardCharsets.UTF_8)), SigningKeys.readPrivate(dir.resolve(SigningKeys.PRIVATE_FILE)));
        Manifest m = ManifestParser.parse(signed);
        Files.write(dir.resolve("canonical.json"), m.signedBytes());
        Files.write(dir.resolve("sig.bin"), m.signature());
        openssl("openssl", "pkey", "-in", SigningKeys.PRIVATE_FILE, "-noout");
        openssl("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", SigningKeys.PUBLIC_FILE, "-rawin", "-in", "canonical.json",
                "-sigfile", "sig.bin");
    }
}
