package io.outpost.ota;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed update manifest (SPEC §6, docs/ota.md): which release, where to fetch it, what its bytes
 * must be, the oldest running version it may be installed over, and the Ed25519 signature over
 * {@link #signedBytes()}. Only {@link ManifestParser} makes one from outside input, so every field has
 * passed its checks.
 */
public record Manifest(ReleaseVersion version, URI url, String sha256, long size, Optional<ReleaseVersion> minVersion,
        byte[] signature) {

    public Manifest {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The RFC 8785 canonical JSON of every member but {@code signature}: what the signature covers. */
    public byte[] signedBytes() {
        return CanonicalJson.of(unsignedMembers(version.text(), url.toString(), sha256, size, minVersion.map(ReleaseVersion::text)));
    }

    /** One line of JSON: the canonical members, then {@code signature}; what {@code ota sign} writes. */
    public String json() {
        String canonical = new String(signedBytes(), StandardCharsets.UTF_8);
        Map<String, Object> only = new LinkedHashMap<>();
        only.put(ManifestParser.SIGNATURE, Base64.getEncoder().encodeToString(signature));
        String member = new String(CanonicalJson.of(only), StandardCharsets.UTF_8);
        return canonical.substring(0, canonical.length() - 1) + "," + member.substring(1);
    }

    static Map<String, Object> unsignedMembers(String version, String url, String sha256, long size, Optional<String> minVersion) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put(ManifestParser.VERSION, version);
        members.put(ManifestParser.URL, url);
        members.put(ManifestParser.SHA256, sha256);
        members.put(ManifestParser.SIZE, size);
        minVersion.ifPresent(v -> members.put(ManifestParser.MIN_VERSION, v));
        return members;
    }
}
