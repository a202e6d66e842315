package io.outpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.gateway.SourceTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a config points at are looked at on this machine, and only ever warned about. */
class FileWarningsTest {

    private static final ConfigLoader LOADER = SourceTypes.standard().loader();

    @TempDir
    Path dir;

    @Test
    void aSecretReadableByEveryoneIsAWarningNotAProblem() throws IOException {
        Path secret = file("mqtt.pass", "rw-r--r--");
        ConfigResult result = load("tcp://localhost:1883", "password_file: " + secret);
        assertTrue(result.isValid());
        assertEquals(List.of("outpost.yaml:9:18: uplink.password_file: " + secret + " holds a secret but is readable by "
                + "everyone (rw-r--r--); run: chmod 600 " + secret), warnings(result));
    }

    @Test
    void aSecretReadableByItsGroupIsAWarningToo() throws IOException {
        Path secret = file("mqtt.pass", "rw-r-----");
        assertEquals(List.of("outpost.yaml:9:18: uplink.password_file: " + secret + " holds a secret but is readable by "
                + "its group (rw-r-----); run: chmod 600 " + secret),
                warnings(load("tcp://localhost:1883", "password_file: " + secret)));
    }

    @Test
    void aSecretOnlyItsOwnerCanReadIsFine() throws IOException {
        Path secret = file("mqtt.pass", "rw-------");
        assertEquals(List.of(), warnings(load("tcp://localhost:1883", "password_file: " + secret)));
    }

    @Test
    void aPrivateKeyIsASecretButACertificateIsNot() throws IOException {
        Path ca = file("ca.pem", "rw-r--r--");
        Path cert = file("gw.pem", "rw-r--r--");
        Path key = file("gw.key", "rw-r--r--");
        List<String> warnings = warnings(load("ssl://localhost:8883",
                "tls: {ca_file: " + ca + ", cert_file: " + cert + ", key_file: " + key + "}"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("uplink.tls.key_file: " + key + " holds a secret"), warnings.get(0));
    }

    @Test
    void aMissingFileOrAFolderIsAWarning() {
        Path missing = dir.resolve("secrets/mqtt.pass");
        assertEquals(List.of("outpost.yaml:9:18: uplink.password_file: no file " + missing + " on this machine"),
                warnings(load("tcp://localhost:1883", "password_file: " + missing)));
        assertEquals(List.of("outpost.yaml:9:18: uplink.password_file: " + dir + " is a folder, not a file"),
                warnings(load("tcp://localhost:1883", "password_file: " + dir)));
    }

    @Test
    void warningsComeEvenWhenThereAreProblems() {
        ConfigResult result = load("tcp://localhost", "password_file: " + dir.resolve("nope") + "\n  inflight: 0");
        assertEquals(2, result.problems().size(), result.formatProblems());
        assertEquals(1, result.warnings().size());
    }

    private Path file(String name, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    /** A small valid config whose uplink has {@code url} and the line {@code uplinkLine} (line 9). */
    private static ConfigResult load(String url, String uplinkLine) {
        String yaml = """
                gateway:
                  id: gw
                sources:
                  - name: sim
                    type: simulator
                    tags: [{name: t}]
                uplink:
                  url: %s
                  %s
                """.formatted(url, uplinkLine);
        return LOADER.parse(yaml, Path.of("outpost.yaml"));
    }

    private static List<String> warnings(ConfigResult result) {
        return result.warnings().stream().map(ConfigProblem::format).toList();
    }
}
