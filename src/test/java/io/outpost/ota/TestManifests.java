package io.outpost.ota;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Optional;

/** Signed manifests for the tests: one key pair per instance. */
public final class TestManifests {

    final KeyPair keys;

    public TestManifests() throws GeneralSecurityException {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static String unsigned(String version, String url, String sha256, long size) {
        return "{\"version\":\"" + version + "\",\"url\":\"" + url + "\",\"sha256\":\"" + sha256 + "\",\"size\":" + size + "}";
    }

    byte[] signed(String unsignedJson) throws Exception {
        return ManifestSignature.sign(ManifestParser.parseUnsigned(unsignedJson.getBytes(StandardCharsets.UTF_8)), keys.getPrivate());
    }

    public byte[] signed(String version, String url, String sha256, long size, Optional<String> minVersion) throws Exception {
        String json = unsigned(version, url, sha256, size);
        if (minVersion.isPresent()) {
            json = json.substring(0, json.length() - 1) + ",\"min_version\":\"" + minVersion.get() + "\"}";
        }
        return signed(json);
    }
}
