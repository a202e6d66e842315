package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.ota.Manifest;
import io.outpost.ota.ManifestParser;
import io.outpost.ota.OtaRefusal;
import io.outpost.ota.TestManifests;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Scenario 10, the OTA manifest parser: whatever bytes arrive, it returns a manifest or an
 * {@link OtaRefusal} whose message starts with {@code manifest: }; nothing else escapes. Random bytes,
 * edits of a valid signed manifest, deep nesting and huge numbers; what parses round-trips.
 */
class ManifestParserPropertiesTest {

    private static final byte[] VALID = validManifest();

    @Property(tries = 300)
    void randomBytesAreRefusedInWords(@ForAll @Size(max = 300) byte[] input) {
        assertFalse(parses(input), "random bytes never make a signed manifest");
    }

    @Property(tries = 500)
    void editsOfAValidManifestParseOrAreRefusedInWords(@ForAll("edited") byte[] input) {
        parses(input);
    }

    @Example
    void theValidManifestParses() {
        assertTrue(parses(VALID));
    }

    @Example
    void deepNestingHugeNumbersAndLargeInputsAreRefused() {
        for (String input : new String[] {"[".repeat(100_000), "{\"version\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"size\":" + "9".repeat(5000) + "}", "{\"size\":1e999999}", "{\"size\":-9223372036854775809}",
                "{\"version\":\"" + "1".repeat(200_000) + "\"}", "{\"version\":\"\\ud800\"}", "\ufeff{}", ""}) {
            assertFalse(parses(input.getBytes(StandardCharsets.UTF_8)), input.length() > 60 ? input.substring(0, 60) : input);
        }
    }

    @Provide
    Arbitrary<byte[]> edited() {
        return BadInput.edits(VALID, "{}[]\",:\\ 0123456789.eE+-abcfnrtu/\u0000\n");
    }

    private static boolean parses(byte[] input) {
        return BadInput.parsesOrIsRefused(OtaRefusal.class, "manifest: ", input, () -> {
            Manifest m = ManifestParser.parse(input);
            // what parses is well formed: its canonical form parses to the same members
            Manifest again = ManifestParser.parseUnsigned(m.signedBytes());
            assertEquals(m.version(), again.version());
            assertEquals(m.url(), again.url());
            assertEquals(m.size(), again.size());
        });
    }

    private static byte[] validManifest() {
        try {
            return new TestManifests().signed("1.4.0-rc.1", "https://updates.example.com/o-1.4.0.tar.gz",
                    "0123456789abcdef".repeat(4), 40_000_000, Optional.of("1.2.3"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
