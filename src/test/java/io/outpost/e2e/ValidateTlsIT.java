package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outpost validate} reads every {@code uplink.tls} file as a connect would, and says which key is wrong. */
class ValidateTlsIT {

    @TempDir
    Path work;

    @Test
    void goodTlsFilesValidate() throws Exception {
        TestPki pki = new TestPki(work.resolve("pki"));
        TestPki.Pair ca = pki.authority("ca");
        TestPki.Pair client = pki.client(ca, "gw", TestPki.KeyFormat.SEC1_EC);
        Path config = write(ca.cert(), client.cert(), client.key());
        DaemonProcess.Result r = DaemonProcess.run(work, "validate", "-c", config.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aCaFileThatIsNoCertificateAMissingOneAndAKeyOfAnotherCertificateAreLocatedProblems() throws Exception {
        TestPki pki = new TestPki(work.resolve("pki"));
        TestPki.Pair ca = pki.authority("ca");
        TestPki.Pair client = pki.client(ca, "gw", TestPki.KeyFormat.PKCS8_EC);
        TestPki.Pair other = pki.client(ca, "other", TestPki.KeyFormat.PKCS8_EC);
        Path notACert = Files.writeString(work.resolve("ca.pem"), "this is not a certificate\n");
        Path config = write(notACert, client.cert(), other.key());
        DaemonProcess.Result r = DaemonProcess.run(work, "validate", "-c", config.toString());
        assertEquals(2, r.exitCode(), r.output());
        List<String> lines = r.output().lines().filter(l -> l.startsWith(config + ":")).toList();
        assertEquals(2, lines.size(), r.output());
        assertTrue(lines.get(0).matches(".*outpost\\.yaml:\\d+:\\d+: uplink\\.tls\\.ca_file: " + notACert
                + ": no \"BEGIN CERTIFICATE\" block found"), lines.get(0));
        assertTrue(lines.get(1).matches(".*outpost\\.yaml:\\d+:\\d+: uplink\\.tls\\.key_file: .*this key does not belong to"
                + " the certificate in uplink\\.tls\\.cert_file .*"), lines.get(1));

        Path missing = write(work.resolve("nope.pem"), client.cert(), client.key());
        DaemonProcess.Result m = DaemonProcess.run(work, "validate", "-c", missing.toString());
        assertEquals(2, m.exitCode(), m.output());
        assertTrue(m.output().lines().anyMatch(l -> l.matches(".*outpost\\.yaml:\\d+:\\d+: uplink\\.tls\\.ca_file: .*nope\\.pem"
                + ": cannot read.*")), m.output());
    }

    private Path write(Path ca, Path cert, Path key) throws Exception {
        return Files.writeString(work.resolve("outpost.yaml"), """
                gateway:
                  id: gw
                  data_dir: %s
                sources:
                  - name: sim
                    type: simulator
                    tags:
                      - name: x
                uplink:
                  url: ssl://localhost:8883
                  tls:
                    ca_file: %s
                    cert_file: %s
                    key_file: %s
                """.formatted(work.resolve("data"), ca, cert, key));
    }
}
