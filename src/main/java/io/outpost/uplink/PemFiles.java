package io.outpost.uplink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads X.509 certificates and private keys from PEM files with the JDK alone. Keys may be PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}); the last two are what {@code openssl} writes in its traditional
 * format. Encrypted keys are refused with a message saying how to decrypt them.
 *
 * <p>Stateless; called on the {@code uplink} thread for each connect attempt.
 */
final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] OID_RSA_ENCRYPTION = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in file order; at least one. */
    static List<X509Certificate> certificates(Path file, String key) throws LinkSetupException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlock block : blocks(file, key)) {
                if (block.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new LinkSetupException(key + " " + file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new LinkSetupException(key + " " + file + ": no \"BEGIN CERTIFICATE\" block found");
        }
        return certs;
    }

    /** The one private key in {@code file}. */
    static PrivateKey privateKey(Path file, String key) throws LinkSetupException {
        for (PemBlock block : blocks(file, key)) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return pkcs8(block.der(), file, key);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs8(der(0x30, der(0x06, OID_RSA_ENCRYPTION), der(0x05)), block.der()), file, key);
                case "EC PRIVATE KEY":
                    return pkcs8(wrapPkcs8(der(0x30, der(0x06, OID_EC_PUBLIC_KEY), sec1CurveOid(block.der(), file, key)), block.der()), file, key);
                case "ENCRYPTED PRIVATE KEY":
                    throw new LinkSetupException(key + " " + file
                            + ": the key is encrypted; store it unencrypted (openssl pkcs8 -topk8 -nocrypt) with mode 0600");
                default:
                    // certificates or parameters next to the key: skip them
            }
        }
        throw new LinkSetupException(key + " " + file
                + ": no \"BEGIN PRIVATE KEY\", \"BEGIN RSA PRIVATE KEY\" or \"BEGIN EC PRIVATE KEY\" block found");
    }

    private record PemBlock(String type, byte[] der) {
    }

    private static List<PemBlock> blocks(Path file, String key) throws LinkSetupException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new LinkSetupException(key + " " + file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        List<PemBlock> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type: 4,ENCRYPTED) only appear on encrypted traditional keys.
                throw new LinkSetupException(key + " " + file
                        + ": the key is encrypted; store it unencrypted (openssl pkcs8 -topk8 -nocrypt) with mode 0600");
            }
            try {
                blocks.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new LinkSetupException(key + " " + file + ": broken base64 in the \"" + m.group(1) + "\" block", e);
            }
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String key) throws LinkSetupException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw new LinkSetupException(key + " " + file + ": not an RSA, EC or EdDSA private key this JVM can read");
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm identifier, the traditional key as an OCTET STRING. */
    private static byte[] wrapPkcs8(byte[] algorithmIdentifier, byte[] traditionalKey) {
        return der(0x30, der(0x02, new byte[] {0}), algorithmIdentifier, der(0x04, traditionalKey));
    }

    /** The named-curve OID TLV from a SEC1 ECPrivateKey's {@code [0] parameters}. */
    private static byte[] sec1CurveOid(byte[] sec1, Path file, String key) throws LinkSetupException {
        try {
            DerReader outer = new DerReader(sec1);
            DerReader fields = new DerReader(outer.content(0x30));
            while (fields.hasMore()) {
                int tag = fields.peekTag();
                byte[] value = fields.content(tag);
                if (tag == 0xa0) {
                    return new DerReader(value).tlv(0x06);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new LinkSetupException(key + " " + file + ": broken EC private key: " + e.getMessage(), e);
        }
        throw new LinkSetupException(key + " " + file + ": the EC key does not name its curve; convert it with openssl pkcs8 -topk8 -nocrypt");
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** Just enough DER to walk a SEC1 key: definite lengths, one-byte tags. */
    private static final class DerReader {
        private final byte[] data;
        private int pos;

        DerReader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        int peekTag() {
            require(pos < data.length);
            return data[pos] & 0xff;
        }

        byte[] content(int expectedTag) {
            byte[] tlv = tlv(expectedTag);
            return Arrays.copyOfRange(tlv, headerLength(tlv), tlv.length);
        }

        byte[] tlv(int expectedTag) {
            int start = pos;
            require(peekTag() == expectedTag);
            pos++;
            require(pos < data.length);
            int length = data[pos++] & 0xff;
            if (length >= 0x80) {
                int count = length & 0x7f;
                require(count >= 1 && count <= 3);
                length = 0;
                for (int i = 0; i < count; i++) {
                    require(pos < data.length);
                    length = (length << 8) | (data[pos++] & 0xff);
                }
            }
            require(length <= data.length - pos);
            pos += length;
            return Arrays.copyOfRange(data, start, pos);
        }

        private static int headerLength(byte[] tlv) {
            int first = tlv[1] & 0xff;
            return first < 0x80 ? 2 : 2 + (first & 0x7f);
        }

        private static void require(boolean ok) {
            if (!ok) {
                throw new IllegalArgumentException("malformed DER");
            }
        }
    }
}
