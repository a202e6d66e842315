package io.outpost.uplink;

import io.outpost.config.TlsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory for {@code ssl://} and {@code wss://} from the PEM files of
 * {@code uplink.tls}: {@code ca_file} as the only trust anchors (else the JVM's trust store),
 * {@code cert_file} + {@code key_file} as the client identity for mTLS. Host name checking is
 * not done here but by the MQTT client (endpoint identification), which knows the host.
 *
 * <p>Built again on every connect attempt, so renewed certificates are picked up without a restart.
 * Stateless; called on the {@code uplink} thread.
 */
final class TlsSocketFactories {

    private TlsSocketFactories() {
    }

    static SSLSocketFactory create(Optional<TlsConfig> tls) throws LinkSetupException {
        Optional<Path> caFile = tls.flatMap(TlsConfig::caFile);
        Optional<Path> certFile = tls.flatMap(TlsConfig::certFile);
        Optional<Path> keyFile = tls.flatMap(TlsConfig::keyFile);
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new LinkSetupException("uplink.tls: cert_file and key_file go together (mTLS); set both or neither");
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(caFile.isPresent() ? trustStore(caFile.get()) : null);
            KeyManager[] keyManagers = null;
            if (certFile.isPresent()) {
                keyManagers = clientIdentity(certFile.get(), keyFile.get());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust.getTrustManagers(), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new LinkSetupException("uplink.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path caFile) throws LinkSetupException, GeneralSecurityException {
        KeyStore store = emptyStore();
        int i = 0;
        for (X509Certificate ca : PemFiles.certificates(caFile, "uplink.tls.ca_file")) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        return store;
    }

    private static KeyManager[] clientIdentity(Path certFile, Path keyFile) throws LinkSetupException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.certificates(certFile, "uplink.tls.cert_file");
        PrivateKey key = PemFiles.privateKey(keyFile, "uplink.tls.key_file");
        requireMatchingPair(chain.get(0), key, certFile, keyFile);
        // The store lives only in memory; its password protects nothing and is never written anywhere.
        char[] password = new char[0];
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    /** A key that does not belong to the certificate fails the handshake obscurely; say so plainly instead. */
    private static void requireMatchingPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile)
            throws LinkSetupException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "outpost-key-check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new LinkSetupException("uplink.tls: key_file " + keyFile + " does not belong to the certificate in cert_file " + certFile);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
