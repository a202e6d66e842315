package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    static final String SHA = "a".repeat(64);

    private static OtaRefusal refusal(String json) {
        return assertThrows(OtaRefusal.class, () -> ManifestParser.parseUnsigned(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEveryMember() throws Exception {
        TestManifests t = new TestManifests();
        Manifest m = ManifestParser.parse(t.signed("1.4.0", "https://updates.example.com/o.tar.gz", SHA, 1234, Optional.of("1.2.0")));
        assertEquals("1.4.0", m.version().text());
        assertEquals("https://updates.example.com/o.tar.gz", m.url().toString());
        assertEquals(SHA, m.sha256());
        assertEquals(1234, m.size());
        assertEquals("1.2.0", m.minVersion().orElseThrow().text());
        assertEquals(64, m.signature().length);
        ManifestSignature.verify(m, t.keys.getPublic());
    }

    @Test
    void signedBytesAreTheCanonicalJsonWithoutTheSignature() throws Exception {
        Manifest m = ManifestParser.parseUnsigned(("{ \"version\" : \"1.4.0\", \"size\": 7, \"url\":\"https://h/a\\u0041\","
                + " \"sha256\":\"" + SHA + "\", \"min_version\":\"1.0.0\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"min_version\":\"1.0.0\",\"sha256\":\"" + SHA + "\",\"size\":7,\"url\":\"https://h/aA\",\"version\":\"1.4.0\"}",
                new String(m.signedBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void canonicalStringsEscapeAsRfc8785() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("b", "q\"\\\b\f\n\r\t\u0001\u007fé/€");
        m.put("a", 5L);
        assertEquals("{\"a\":5,\"b\":\"q\\\"\\\\\\b\\f\\n\\r\\t\\u0001\u007fé/€\"}",
                new String(CanonicalJson.of(m), StandardCharsets.UTF_8));
    }

    @Test
    void refusesWhatIsNotAManifest() {
        assertTrue(refusal("[1]").getMessage().contains("not a JSON object"));
        assertTrue(refusal("{\"version\":\"1.0.0\"").getMessage().startsWith("manifest: not valid JSON"));
        assertTrue(refusal(TestManifests.unsigned("1.0.0", "https://h/x", SHA, 1).replace("}", ",\"extra\":1}"))
                .getMessage().contains("unknown member \"extra\""));
        assertTrue(refusal("{\"version\":\"1.0.0\",\"version\":\"1.0.1\"}").getMessage().contains("duplicate key"));
        assertTrue(refusal(TestManifests.unsigned("1.0", "https://h/x", SHA, 1)).getMessage().contains("not a version"));
        assertTrue(refusal(TestManifests.unsigned("1.0.0", "https://h/x", "ABC", 1)).getMessage().contains("sha256"));
        assertTrue(refusal(TestManifests.unsigned("1.0.0", "https://h/x", SHA, 0)).getMessage().contains("size must be"));
        assertTrue(refusal(TestManifests.unsigned("1.0.0", "https://h/x", SHA, 1).replace("\"size\":1", "\"size\":1.5"))
                .getMessage().contains("integer"));
        assertTrue(refusal(TestManifests.unsigned("1.0.0", "https://h/x", SHA, 1).replace("\"size\":1", "\"size\":123456789012345678901234567890"))
                .getMessage().contains("integer"));
        assertTrue(refusal("{\"url\":\"https://h/x\"}").getMessage().contains("version is missing"));
        assertTrue(refusal("{\"version\":null}").getMessage().contains("version is null"));
    }

    @Test
    void aSignedManifestNeedsItsSignature() throws Exception {
        byte[] unsigned = TestManifests.unsigned("1.0.0", "https://h/x", SHA, 1).getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(OtaRefusal.class, () -> ManifestParser.parse(unsigned)).getMessage().contains("signature is missing"));
        byte[] shortSig = TestManifests.unsigned("1.0.0", "https://h/x", SHA, 1).replace("}", ",\"signature\":\"AAAA\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(OtaRefusal.class, () -> ManifestParser.parse(shortSig)).getMessage().contains("64 bytes, not 3"));
        byte[] notBase64 = TestManifests.unsigned("1.0.0", "https://h/x", SHA, 1).replace("}", ",\"signature\":\"!!\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(OtaRefusal.class, () -> ManifestParser.parse(notBase64)).getMessage().contains("not base64"));
    }

    @Test
    void httpsAnywhereHttpAndFileOnlyOnThisMachine() throws Exception {
        for (String ok : new String[] {"https://updates.example.com/a.tar.gz", "http://127.0.0.1:8080/a", "http://localhost/a",
                "http://[::1]:9/a", "file:///tmp/a.tar.gz", "file://localhost/tmp/a"}) {
            assertEquals(ok, ManifestParser.url(ok).toString());
        }
        for (String bad : new String[] {"http://updates.example.com/a", "http://10.0.0.1/a", "ftp://127.0.0.1/a",
                "file://server/share/a", "https:///a", "https://user:pw@h/a", "https://h/a#frag", "mailto:x@y", "a.tar.gz",
                "http://127.0.0.1.example.com/a", "https://h/a b"}) {
            assertThrows(OtaRefusal.class, () -> ManifestParser.url(bad), bad);
        }
    }

    @Test
    void theSignatureCoversEveryMember() throws Exception {
        TestManifests t = new TestManifests();
        String signed = new String(t.signed("1.4.0", "https://h/a", SHA, 10, Optional.of("1.0.0")), StandardCharsets.UTF_8);
        ManifestSignature.verify(ManifestParser.parse(signed.getBytes(StandardCharsets.UTF_8)), t.keys.getPublic());
        String[][] changes = {{"1.4.0", "1.4.1"}, {"https://h/a", "https://h/b"}, {SHA, "b".repeat(64)}, {":10,", ":11,"},
                {"\"1.0.0\"", "\"0.9.0\""}, {"{\"min_version\":\"1.0.0\",", "{"}};
        for (String[] c : changes) {
            String changed = signed.replace(c[0], c[1]);
            assertTrue(!changed.equals(signed), c[0]);
            Manifest m = ManifestParser.parse(changed.getBytes(StandardCharsets.UTF_8));
            OtaRefusal e = assertThrows(OtaRefusal.class, () -> ManifestSignature.verify(m, t.keys.getPublic()), c[0]);
            assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
        }
        String garbage = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        Manifest wrong = ManifestParser.parse(signed.replaceAll("\"signature\":\"[^\"]+\"", "\"signature\":\"" + garbage + "\"")
                .getBytes(StandardCharsets.UTF_8));
        assertThrows(OtaRefusal.class, () -> ManifestSignature.verify(wrong, t.keys.getPublic()), "a wrong signature");
        Manifest m = ManifestParser.parse(signed.getBytes(StandardCharsets.UTF_8));
        assertThrows(OtaRefusal.class, () -> ManifestSignature.verify(m,
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()), "another key");
    }

    @Test
    void signingKeepsTheCanonicalFormAndVerifiesAfterReformatting() throws Exception {
        TestManifests t = new TestManifests();
        byte[] signed = t.signed("2.0.0-rc.1", "https://h/a", SHA, 10, Optional.empty());
        Manifest m = ManifestParser.parse(signed);
        String text = new String(signed, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(new String(m.signedBytes(), StandardCharsets.UTF_8).replaceAll("}$", ",\"signature\":\"")), text);
        String pretty = text.replace(",", ",\n  ").replace("{", "{\n  ");
        Manifest again = ManifestParser.parse(pretty.getBytes(StandardCharsets.UTF_8));
        ManifestSignature.verify(again, t.keys.getPublic());
        assertArrayEquals(m.signedBytes(), again.signedBytes());
    }
}
