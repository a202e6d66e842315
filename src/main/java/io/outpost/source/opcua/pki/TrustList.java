package io.outpost.source.opcua.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OPC UA server certificates the gateway trusts: DER files in {@code <pki>/trusted/}. A server
 * certificate that is not there is copied to {@code <pki>/rejected/} (named by its fingerprint) so
 * an operator can inspect it and trust it with one command; nothing is ever trusted automatically.
 */
public final class TrustList {

    private final Path trusted;
    private final Path rejected;

    public TrustList(Path pkiDir) {
        this.trusted = pkiDir.resolve("trusted");
        this.rejected = pkiDir.resolve("rejected");
    }

    /** A certificate file with what an operator needs to decide about it. */
    public record Entry(Path file, String subject, String sha256, java.time.Instant notAfter) {
    }

    public boolean isTrusted(X509Certificate certificate) throws IOException {
        String fingerprint = sha256(certificate);
        return list(trusted).stream().anyMatch(e -> e.sha256().equals(fingerprint));
    }

    /**
     * Records {@code certificate} as rejected (once) and returns the operator message naming it and
     * the command that trusts it.
     */
    public String reject(X509Certificate certificate) throws IOException {
        String fingerprint = sha256(certificate);
        Files.createDirectories(rejected);
        Path file = rejected.resolve(fingerprint.replace(":", "").substring(0, 16) + ".der");
        try {
            Files.write(file, certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IOException("cannot encode the server certificate: " + e.getMessage(), e);
        }
        return "server certificate not trusted: " + certificate.getSubjectX500Principal().getName()
                + ", SHA-256 " + fingerprint + "; trust it with `outpost pki trust " + file + "`";
    }

    public List<Entry> trusted() throws IOException {
        return list(trusted);
    }

    /** Rejected certificates, oldest first: {@code --rejected N} counts from 1 in this order. */
    public List<Entry> rejected() throws IOException {
        return list(rejected);
    }

    /** Copies a certificate file (DER or PEM) into the trusted directory; returns its entry. */
    public Entry trust(Path certificateFile) throws IOException {
        Entry entry = trust(read(certificateFile));
        if (certificateFile.startsWith(rejected)) {
            Files.deleteIfExists(certificateFile);
        }
        return entry;
    }

    /** Writes {@code certificate} into the trusted directory; returns its entry. */
    public Entry trust(X509Certificate certificate) throws IOException {
        Files.createDirectories(trusted);
        Path target = trusted.resolve(sha256(certificate).replace(":", "").substring(0, 16) + ".der");
        try {
            Files.write(target, certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IOException("cannot encode the certificate: " + e.getMessage(), e);
        }
        return entry(target, certificate);
    }

    /** Trusts the {@code n}th rejected certificate (from 1, as {@link #rejected()} lists them). */
    public Entry trustRejected(int n) throws IOException {
        List<Entry> all = rejected();
        if (n < 1 || n > all.size()) {
            throw new IllegalArgumentException("there is no rejected certificate " + n + " (there are " + all.size() + ")");
        }
        return trust(all.get(n - 1).file());
    }

    /** Removes a trusted certificate by file name or fingerprint prefix; returns what was removed. */
    public Optional<Entry> remove(String nameOrFingerprint) throws IOException {
        String wanted = nameOrFingerprint.replace(":", "").toLowerCase(java.util.Locale.ROOT);
        for (Entry e : trusted()) {
            if (e.file().getFileName().toString().equals(nameOrFingerprint)
                    || e.sha256().replace(":", "").toLowerCase(java.util.Locale.ROOT).startsWith(wanted)) {
                Files.delete(e.file());
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable for a certificate: " + e.getMessage(), e);
        }
    }

    static X509Certificate read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(file + " is not an X.509 certificate (DER or PEM): " + e.getMessage(), e);
        }
    }

    private static List<Entry> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        }
        files.sort((a, b) -> {
            try {
                int byTime = Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                return byTime != 0 ? byTime : a.compareTo(b);
            } catch (IOException e) {
                return a.compareTo(b);
            }
        });
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            try {
                entries.add(entry(f, read(f)));
            } catch (IOException e) {
                // A stray non-certificate file is not a trust decision: leave it out.
            }
        }
        return entries;
    }

    private static Entry entry(Path file, X509Certificate c) {
        return new Entry(file, c.getSubjectX500Principal().getName(), sha256(c), c.getNotAfter().toInstant());
    }
}
