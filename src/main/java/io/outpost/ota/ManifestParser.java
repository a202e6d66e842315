package io.outpost.ota;

import io.outpost.json.JsonReader;
import io.outpost.json.JsonReader.JsonException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a manifest strictly: {@link JsonReader}'s limits (size, depth, duplicate keys, UTF-8), one
 * object, only the known members, each of its type and form. Any fault is an {@link OtaRefusal} saying
 * which member and why; nothing else escapes (the property test feeds it random and mutated bytes).
 * Stateless.
 */
public final class ManifestParser {

    static final String VERSION = "version";
    static final String URL = "url";
    static final String SHA256 = "sha256";
    static final String SIZE = "size";
    static final String MIN_VERSION = "min_version";
    static final String SIGNATURE = "signature";

    /** Far above a release (tens of MB), and below 2^53, where RFC 8785 writes integers as plain decimals. */
    static final long MAX_SIZE = 1L << 32;

    private static final Set<String> MEMBERS = Set.copyOf(members());
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final int ED25519_SIGNATURE_BYTES = 64;

    private ManifestParser() {
    }

    /** A signed manifest, as a gateway receives it. */
    /** The members a manifest may have, in SPEC §6's order: a command carrying one refuses any other. */
    public static List<String> members() {
        return List.of(VERSION, URL, SHA256, SIZE, MIN_VERSION, SIGNATURE);
    }

    public static Manifest parse(byte[] bytes) throws OtaRefusal {
        return parse(members(bytes));
    }

    /** A signed manifest already read as JSON (a command's payload): the same checks but the JSON's own. */
    public static Manifest parse(Map<String, Object> members) throws OtaRefusal {
        known(members);
        if (!members.containsKey(SIGNATURE)) {
            throw new OtaRefusal("manifest: signature is missing (sign it with outpost ota sign)");
        }
        return manifest(members, signature(members.get(SIGNATURE)));
    }

    /** A manifest to be signed: as {@link #parse}, but any {@code signature} in it is ignored. */
    public static Manifest parseUnsigned(byte[] bytes) throws OtaRefusal {
        Map<String, Object> members = members(bytes);
        known(members);
        return manifest(members, new byte[0]);
    }

    private static Map<String, Object> members(byte[] bytes) throws OtaRefusal {
        Object document;
        try {
            document = JsonReader.parse(JsonReader.text(bytes));
        } catch (JsonException e) {
            throw new OtaRefusal("manifest: " + e.getMessage());
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new OtaRefusal("manifest: not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) map;
        return members;
    }

    private static void known(Map<String, Object> members) throws OtaRefusal {
        for (String key : members.keySet()) {
            if (!MEMBERS.contains(key)) {
                throw new OtaRefusal("manifest: unknown member " + Quoting.quote(key)
                        + " (known: version, url, sha256, size, min_version, signature)");
            }
        }
    }

    private static Manifest manifest(Map<String, Object> members, byte[] signature) throws OtaRefusal {
        ReleaseVersion version = version(members, VERSION);
        URI url = url(text(members, URL));
        String sha256 = text(members, SHA256);
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new OtaRefusal("manifest: sha256 must be 64 lower-case hex digits, not " + Quoting.quote(sha256));
        }
        Optional<ReleaseVersion> minVersion = members.containsKey(MIN_VERSION)
                ? Optional.of(version(members, MIN_VERSION)) : Optional.empty();
        return new Manifest(version, url, sha256, size(members.get(SIZE)), minVersion, signature);
    }

    private static ReleaseVersion version(Map<String, Object> members, String key) throws OtaRefusal {
        try {
            return ReleaseVersion.parse(text(members, key));
        } catch (OtaRefusal e) {
            throw e.getMessage().startsWith("manifest: ") ? e : new OtaRefusal("manifest: " + key + ": " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> members, String key) throws OtaRefusal {
        Object value = members.get(key);
        if (value == null) {
            throw new OtaRefusal("manifest: " + key + (members.containsKey(key) ? " is null" : " is missing"));
        }
        if (!(value instanceof String s)) {
            throw new OtaRefusal("manifest: " + key + " must be a string");
        }
        return s;
    }

    private static long size(Object value) throws OtaRefusal {
        if (!(value instanceof Long n)) {
            throw new OtaRefusal("manifest: size " + (value == null ? "is missing" : "must be an integer number of bytes"));
        }
        if (n < 1 || n > MAX_SIZE) {
            throw new OtaRefusal("manifest: size must be from 1 to " + MAX_SIZE + " bytes, not " + n);
        }
        return n;
    }

    private static byte[] signature(Object value) throws OtaRefusal {
        if (!(value instanceof String s)) {
            throw new OtaRefusal("manifest: signature must be a base64 string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new OtaRefusal("manifest: signature is not base64: " + e.getMessage());
        }
        if (bytes.length != ED25519_SIGNATURE_BYTES) {
            throw new OtaRefusal("manifest: signature must be an Ed25519 signature of 64 bytes, not " + bytes.length);
        }
        return bytes;
    }

    /** https anywhere; http and file only on this machine (a test's server, a local file). */
    static URI url(String text) throws OtaRefusal {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new OtaRefusal("manifest: url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.isOpaque() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new OtaRefusal("manifest: url must be a plain URL without user info or fragment: " + Quoting.quote(text));
        }
        String host = uri.getHost();
        switch (scheme) {
            case "https" -> {
                if (host == null) {
                    throw new OtaRefusal("manifest: url has no host: " + Quoting.quote(text));
                }
            }
            case "http" -> {
                if (host == null || !loopback(host)) {
                    throw new OtaRefusal("manifest: url must be https (http only on the loopback address): " + Quoting.quote(text));
                }
            }
            case "file" -> {
                if ((host != null && !host.equalsIgnoreCase("localhost")) || uri.getRawAuthority() != null && host == null
                        || uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new OtaRefusal("manifest: a file url names a file on this machine: " + Quoting.quote(text));
                }
            }
            default -> throw new OtaRefusal("manifest: url must be https, not " + Quoting.quote(text));
        }
        return uri;
    }

    /** A literal loopback host, never a name looked up (but {@code localhost}). */
    static boolean loopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.equals("[::1]") || IPV4_LOOPBACK.matcher(host).matches();
    }
}
