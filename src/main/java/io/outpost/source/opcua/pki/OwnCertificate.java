package io.outpost.source.opcua.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The gateway's OPC UA application instance certificate and its key: created on first use under
 * {@code <pki>/own/outpost.p12} (RSA 2048, SHA-256, the application URI and host name in the subject
 * alternative name, valid 5 years) and reused from then on, so a server that trusted it once keeps
 * trusting it.
 */
public record OwnCertificate(KeyPair keyPair, X509Certificate certificate) {

    public static final String FILE = "outpost.p12";
    /** An own certificate closer than this to its end is warned about in status. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private static final String ALIAS = "outpost";
    // The file's protection is its 0600 mode in a 0700 directory; PKCS12 still wants a password.
    public static final String STORE_PASSWORD = "outpost";

    /** Loads {@code <pkiDir>/own/outpost.p12}, or creates it (and the directory) when it is missing. */
    public static OwnCertificate loadOrCreate(Path pkiDir, String applicationUri, String hostname)
            throws IOException, GeneralSecurityException {
        Path file = pkiDir.resolve("own").resolve(FILE);
        if (Files.exists(file)) {
            return load(file);
        }
        OwnCertificate created = create(applicationUri, hostname);
        created.save(file);
        return created;
    }

    /** Whether the certificate ends within {@link #EXPIRY_WARNING} of {@code now}. */
    public boolean expiresSoon(Instant now) {
        return certificate.getNotAfter().toInstant().isBefore(now.plus(EXPIRY_WARNING));
    }

    static OwnCertificate create(String applicationUri, String hostname) throws GeneralSecurityException {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        try {
            X509Certificate cert = new SelfSignedCertificateBuilder(keys)
                    .setCommonName("Outpost gateway " + hostname)
                    .setOrganization("Outpost")
                    .setApplicationUri(applicationUri)
                    .addDnsName(hostname)
                    .setValidityPeriod(Period.ofYears(5))
                    .setSignatureAlgorithm(SelfSignedCertificateBuilder.SA_SHA256_RSA)
                    .build();
            return new OwnCertificate(keys, cert);
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot create the application certificate: " + e.getMessage(), e);
        }
    }

    private static OwnCertificate load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey(ALIAS, STORE_PASSWORD.toCharArray());
        X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
        if (key == null || cert == null) {
            throw new GeneralSecurityException(file + " holds no '" + ALIAS + "' key and certificate");
        }
        return new OwnCertificate(new KeyPair(cert.getPublicKey(), key), cert);
    }

    private void save(Path file) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.getParent());
        restrict(file.getParent(), "rwx------");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD.toCharArray(), new Certificate[] {certificate});
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        restrict(tmp, "rw-------");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void restrict(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection is all there is.
        }
    }
}
