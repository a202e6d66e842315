package io.outpost.ota;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Ed25519 (the JDK's) over a manifest's {@link Manifest#signedBytes()}: verifying one, signing one. Stateless. */
public final class ManifestSignature {

    private ManifestSignature() {
    }

    /** Refuses a manifest whose signature is not {@code key}'s over its members as they are. */
    public static void verify(Manifest manifest, PublicKey key) throws OtaRefusal {
        boolean good;
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key);
            ed.update(manifest.signedBytes());
            good = ed.verify(manifest.signature());
        } catch (GeneralSecurityException e) {
            throw new OtaRefusal("manifest: signature cannot be checked: " + e.getMessage(), e);
        }
        if (!good) {
            throw new OtaRefusal("manifest: bad signature (not made by the key in ota.public_key_file, or the manifest"
                    + " was changed after signing)");
        }
    }

    /** The manifest as JSON with its signature by {@code key}: the members in canonical order, signature last. */
    public static byte[] sign(Manifest unsigned, PrivateKey key) throws GeneralSecurityException {
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(key);
        ed.update(unsigned.signedBytes());
        Manifest signed = new Manifest(unsigned.version(), unsigned.url(), unsigned.sha256(), unsigned.size(), unsigned.minVersion(),
                ed.sign());
        return (signed.json() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
