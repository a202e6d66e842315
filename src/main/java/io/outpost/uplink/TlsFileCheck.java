package io.outpost.uplink;

import io.outpost.config.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code outpost validate} checks of {@code uplink.tls} before any connect: each file is read as
 * the uplink reads it (certificates in the CA file and the client certificate, the private key), and the
 * key belongs to the client certificate. Reports each problem on its key, so a broken file is not an
 * "ok" that then fails every connect.
 */
public final class TlsFileCheck {

    /** A problem with the file of {@code key} (a path below {@code uplink.tls}, e.g. {@code ca_file}). */
    public record Problem(String key, String message) {
    }

    private TlsFileCheck() {
    }

    public static List<Problem> check(TlsConfig tls) {
        List<Problem> problems = new ArrayList<>();
        tls.caFile().ifPresent(file -> certificates(file, "ca_file", problems));
        Optional<X509Certificate> cert = tls.certFile().flatMap(file -> certificates(file, "cert_file", problems));
        Optional<PrivateKey> key = Optional.empty();
        if (tls.keyFile().isPresent()) {
            try {
                key = Optional.of(PemFiles.privateKey(tls.keyFile().get(), ""));
            } catch (LinkSetupException e) {
                problems.add(new Problem("key_file", e.getMessage().strip()));
            }
        }
        if (cert.isPresent() && key.isPresent() && !matches(key.get(), cert.get().getPublicKey())) {
            problems.add(new Problem("key_file", tls.keyFile().get() + ": this key does not belong to the certificate in"
                    + " uplink.tls.cert_file " + tls.certFile().get() + "; give the key the certificate was issued for"));
        }
        return problems;
    }

    private static Optional<X509Certificate> certificates(Path file, String key, List<Problem> problems) {
        try {
            return Optional.of(PemFiles.certificates(file, "").get(0));
        } catch (LinkSetupException e) {
            problems.add(new Problem(key, e.getMessage().strip()));
            return Optional.empty();
        }
    }

    /** Signs a few bytes with {@code key} and checks them with {@code certificateKey}: one test for every algorithm. */
    private static boolean matches(PrivateKey key, PublicKey certificateKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        if (!key.getAlgorithm().equals(certificateKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "outpost key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
