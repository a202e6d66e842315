package io.outpost.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates and keys made at test time with {@code openssl} (no private key is ever committed):
 * certificate authorities, server certificates with chosen subject alternative names, client
 * certificates. Keys come in the three PEM shapes the uplink reads.
 */
public final class TestPki {

    /** How a private key is written. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY}, EC P-256. */
        PKCS8_EC,
        /** {@code BEGIN EC PRIVATE KEY} (SEC1), P-256. */
        SEC1_EC,
        /** {@code BEGIN RSA PRIVATE KEY} (PKCS#1), 2048 bits. */
        PKCS1_RSA
    }

    /** A certificate and its private key, as PEM files. */
    public record Pair(Path cert, Path key) {
    }

    private final Path dir;
    private int serial = 1;

    public TestPki(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** A self-signed certificate authority. */
    public Pair authority(String name) throws IOException {
        Path key = key(name, KeyFormat.PKCS8_EC);
        Path cert = dir.resolve(name + ".pem");
        openssl("req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new Pair(cert, key);
    }

    /** A server certificate signed by {@code ca} for the given subject alternative names (e.g. {@code DNS:localhost}). */
    public Pair server(Pair ca, String name, String... subjectAltNames) throws IOException {
        return issue(ca, name, KeyFormat.PKCS8_EC, "serverAuth", String.join(",", subjectAltNames));
    }

    /** A client certificate signed by {@code ca}. */
    public Pair client(Pair ca, String name, KeyFormat format) throws IOException {
        return issue(ca, name, format, "clientAuth", null);
    }

    private Pair issue(Pair ca, String name, KeyFormat format, String usage, String subjectAltNames) throws IOException {
        Path key = key(name, format);
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path extensions = dir.resolve(name + ".ext");
        StringBuilder ext = new StringBuilder("basicConstraints=CA:FALSE\nextendedKeyUsage=" + usage + "\n");
        if (subjectAltNames != null) {
            ext.append("subjectAltName=").append(subjectAltNames).append('\n');
        }
        Files.writeString(extensions, ext.toString(), StandardCharsets.US_ASCII);
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
                "-set_serial", Integer.toString(serial++), "-days", "2", "-extfile", extensions.toString(),
                "-out", cert.toString());
        return new Pair(cert, key);
    }

    private Path key(String name, KeyFormat format) throws IOException {
        Path key = dir.resolve(name + ".key");
        switch (format) {
            case PKCS8_EC -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
            case SEC1_EC -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
            case PKCS1_RSA -> openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
            default -> throw new IllegalArgumentException(format.toString());
        }
        return key;
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            fail("openssl is needed to make test certificates (apt-get install -y openssl): " + e.getMessage());
            return;
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("openssl timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted running openssl");
        }
        if (process.exitValue() != 0) {
            fail("openssl failed: " + command + "\n" + Files.readString(log));
        }
    }
}
