package io.outpost.ota;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

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
        byte[] signed = unsigned.signedBytes();
        ed.update(signed);
        String canonical = new String(signed, StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(ed.sign());
        Map<String, Object> only = new LinkedHashMap<>();
        only.put(ManifestParser.SIGNATURE, signature);
        String member = new String(CanonicalJson.of(only), StandardCharsets.UTF_8);
        return (canonical.substring(0, canonical.length() - 1) + "," + member.substring(1) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
