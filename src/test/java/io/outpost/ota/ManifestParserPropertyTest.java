package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the parser returns a manifest or an {@link OtaRefusal} with a message; no
 * other exception escapes. Seeded, so a failure repeats: random bytes, byte-level mutations of a valid
 * signed manifest, deep nesting, huge numbers, and a round trip for what parses.
 */
class ManifestParserPropertyTest {

    private static final long SEED = 0x07a5eedL;

    private int parsed;
    private int refused;

    private void check(byte[] input) {
        try {
            Manifest m = ManifestParser.parse(input);
            parsed++;
            // what parses is well formed: its canonical form parses to the same members
            Manifest again = ManifestParser.parseUnsigned(m.signedBytes());
            assertEquals(m.version(), again.version());
            assertEquals(m.url(), again.url());
            assertEquals(m.size(), again.size());
        } catch (OtaRefusal e) {
            refused++;
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("manifest: "), e.getMessage());
        } catch (RuntimeException | Error e) {
            fail("input " + Arrays.toString(Arrays.copyOf(input, Math.min(input.length, 200))) + " escaped as " + e, e);
        }
    }

    @Test
    void randomBytesAreRefused() {
        Random random = new Random(SEED);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            check(b);
        }
        assertEquals(3000, refused);
    }

    @Test
    void mutationsOfAValidManifestParseOrAreRefused() throws Exception {
        byte[] valid = new TestManifests().signed("1.4.0-rc.1", "https://updates.example.com/o-1.4.0.tar.gz",
                "0123456789abcdef".repeat(4), 40_000_000, Optional.of("1.2.3"));
        check(valid);
        assertEquals(1, parsed);
        Random random = new Random(SEED);
        byte[] alphabet = "{}[]\",:\\ 0123456789.eE+-abcfnrtu/\u0000\n".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = valid.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length + 1);
                switch (random.nextInt(4)) {
                    case 0 -> b = replace(b, at, alphabet[random.nextInt(alphabet.length)]);
                    case 1 -> b = splice(b, at, new byte[] {(byte) random.nextInt(256)});
                    case 2 -> b = splice(b, at, new byte[] {alphabet[random.nextInt(alphabet.length)]});
                    default -> b = Arrays.copyOfRange(b, 0, at);
                }
            }
            check(b);
        }
        assertTrue(refused > 10_000, "most mutations break it: " + refused);
        assertTrue(parsed > 1, "some mutations (inside strings, whitespace) still parse: " + parsed);
    }

    @Test
    void deepNestingHugeNumbersAndLargeInputsAreRefused() {
        check(("[".repeat(100_000)).getBytes(StandardCharsets.US_ASCII));
        check(("{\"version\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.US_ASCII));
        check(("{\"size\":" + "9".repeat(5000) + "}").getBytes(StandardCharsets.US_ASCII));
        check(("{\"size\":1e999999}").getBytes(StandardCharsets.US_ASCII));
        check(("{\"size\":-9223372036854775809}").getBytes(StandardCharsets.US_ASCII));
        check(("{\"version\":\"" + "1".repeat(200_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
        check(("{\"version\":\"\\ud800\"}").getBytes(StandardCharsets.US_ASCII));
        check(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'});
        check(new byte[0]);
        assertFalse(refused < 9, "all refused: " + refused);
        assertEquals(0, parsed);
    }

    private static byte[] replace(byte[] b, int at, byte with) {
        byte[] out = b.clone();
        if (at < out.length) {
            out[at] = with;
        }
        return out;
    }

    private static byte[] splice(byte[] b, int at, byte[] insert) {
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }
}
