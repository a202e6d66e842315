package io.outpost.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in the PEM files openssl 3 reads and writes: the private key as PKCS#8
 * ({@code BEGIN PRIVATE KEY}), the public key as X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}).
 * A new private key is created with mode 0600 from its first byte (never written wider and narrowed
 * after), the public one 0644; neither overwrites a file. Stateless.
 */
public final class SigningKeys {

    public static final String PRIVATE_FILE = "ota-signing.key";
    public static final String PUBLIC_FILE = "ota-signing.pub";

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final int MAX_FILE_BYTES = 16 * 1024;

    private SigningKeys() {
    }

    /** Writes a new key pair into {@code dir} (made if missing): {@link #PRIVATE_FILE} and {@link #PUBLIC_FILE}. */
    public static KeyPair generate(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path secret = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        for (Path p : new Path[] {secret, pub}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p + " exists: a signing key is never overwritten");
            }
        }
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        write(secret, "PRIVATE KEY", pair.getPrivate().getEncoded(), "rw-------");
        write(pub, "PUBLIC KEY", pair.getPublic().getEncoded(), "rw-r--r--");
        return pair;
    }

    public static PublicKey readPublic(Path file) throws OtaRefusal {
        byte[] der = block(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new OtaRefusal(file + ": not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivate(Path file) throws OtaRefusal {
        byte[] der = block(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new OtaRefusal(file + ": not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static byte[] block(Path file, String type) throws OtaRefusal {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new OtaRefusal(file + ": larger than a key file (" + MAX_FILE_BYTES + " bytes)");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new OtaRefusal(file + ": cannot be read: " + e.getMessage(), e);
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    return Base64.getMimeDecoder().decode(m.group(2));
                } catch (IllegalArgumentException e) {
                    throw new OtaRefusal(file + ": the " + type + " block is not base64", e);
                }
            }
        }
        throw new OtaRefusal(file + ": no \"BEGIN " + type + "\" block (PEM, as openssl genpkey -algorithm ed25519 writes)");
    }

    private static void write(Path file, String type, byte[] der, String mode) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        // the umask may have narrowed the mode asked for: 0644 is meant for the public key
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        Files.write(file, pem.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
    }
}
