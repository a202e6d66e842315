package io.outpost.reliability;

import io.outpost.json.JsonReader;
import io.outpost.json.JsonReader.JsonException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Scenario 10, the command payload parser (what {@code P/cmd/...} and the admin socket read, through
 * {@link JsonReader}): any bytes give a document or a {@link JsonException} whose message says what is
 * wrong (the dispatcher sends it back as {@code payload is ...}); nothing else escapes.
 */
class CommandPayloadPropertiesTest {

    private static final byte[] VALID = "{\"tag\":\"plc/valve\",\"value\":true,\"n\":[1,2.5e3,null],\"s\":\"\\u00e9\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Property(tries = 300)
    void anyBytes(@ForAll @Size(max = 400) byte[] payload) {
        read(payload);
    }

    @Property(tries = 300)
    void anyText(@ForAll @StringLength(max = 200) String text) {
        read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void editsOfAValidCommand(@ForAll("edited") byte[] payload) {
        read(payload);
    }

    @Example
    void deepNestingHugeNumbersAndOversizedPayloads() {
        read("[".repeat(60_000).getBytes(StandardCharsets.US_ASCII));
        read(("{\"n\":" + "9".repeat(20_000) + "}").getBytes(StandardCharsets.US_ASCII));
        read("{\"n\":1e999999999}".getBytes(StandardCharsets.US_ASCII));
        read("{\"s\":\"\\ud800\"}".getBytes(StandardCharsets.US_ASCII));
        read(new byte[JsonReader.MAX_PAYLOAD_BYTES + 1]);
    }

    @Provide
    Arbitrary<byte[]> edited() {
        return BadInput.edits(VALID, "{}[]\",:\\ 0123456789.eE+-truefalsn/\u0000\n");
    }

    private static void read(byte[] payload) {
        BadInput.parsesOrIsRefused(JsonException.class, "", payload, () -> JsonReader.parse(JsonReader.text(payload)));
    }
}
