package io.outpost.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.json.JsonReader.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsObjectsArraysStringsNumbersBooleansAndNullInOrder() throws Exception {
        Object parsed = JsonReader.parse(" {\"tag\":\"panel/lamp\", \"value\":true, \"n\":-12, \"x\":2.5e1,"
                + " \"big\":12345678901234567890, \"list\":[1,\"a\",null,false], \"esc\":\"a\\\"b\\\\c\\u00e9\\n\", \"o\":{}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("tag", "panel/lamp");
        expected.put("value", true);
        expected.put("n", -12L);
        expected.put("x", 25.0);
        expected.put("big", 1.2345678901234567e19);
        expected.put("list", Arrays.asList(1L, "a", null, false));
        expected.put("esc", "a\"b\\cé\n");
        expected.put("o", Map.of());
        assertEquals(expected, parsed);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) parsed).keySet()), "key order kept");
        assertNull(JsonReader.parse("null"));
    }

    @Test
    void refusesWhatIsNotExactlyOneJsonValueAndSaysWhere() {
        assertRefused("", "not valid JSON: unexpected end at character 1");
        assertRefused("{\"a\":1", "not valid JSON: unexpected end, expected '}' at character 7");
        assertRefused("{\"a\":1} x", "not valid JSON: unexpected text after the JSON value at character 9");
        assertRefused("{a:1}", "not valid JSON: expected a quoted key at character 2");
        assertRefused("{\"a\":1,\"a\":2}", "not valid JSON: duplicate key \"a\" at character 12");
        assertRefused("[1,]", "not valid JSON: unexpected character ']' at character 4");
        assertRefused("\"abc", "not valid JSON: unterminated string at character 5");
        assertRefused("\"\\q\"", "not valid JSON: bad escape \\q at character 4");
        assertRefused("1e999", "not valid JSON: number out of range: 1e999 at character 6");
        assertRefused("1.2.3", "not valid JSON: not a number: 1.2.3 at character 6");
        assertRefused("[".repeat(40), "not valid JSON: nested deeper than 32 levels at character 34");
    }

    @Test
    void explainsEveryOtherRefusalInTheSameWords() {
        assertRefused("{\"a\" 1}", "not valid JSON: expected ':' at character 6");
        assertRefused("{\"a\":1 \"b\":2}", "not valid JSON: expected '}' at character 8");
        assertRefused("{\"a\":1]", "not valid JSON: expected '}' at character 7");
        assertRefused("[1 2]", "not valid JSON: expected ']' at character 4");
        assertRefused("{\"a\":1,}", "not valid JSON: expected a quoted key at character 8");
        assertRefused("{\"a\":}", "not valid JSON: unexpected character '}' at character 6");
        assertRefused("[tru]", "not valid JSON: unexpected word at character 2");
        assertRefused("\"a\u0001\"", "not valid JSON: control character in a string at character 4");
        assertRefused("{\"k\\x\":1}", "not valid JSON: bad escape \\x at character 6");
        assertRefused("[\"\\u12G4\"]", "not valid JSON: bad \\u escape at character 5");
        assertRefused("01", "not valid JSON: not a number: 01 at character 3");
        assertRefused("-", "not valid JSON: not a number: - at character 2");
        assertRefused("{\"a\":{\"b\":1,\"b\":2}}", "not valid JSON: duplicate key \"b\" at character 17");
        assertRefused("NaN", "not valid JSON: unexpected character 'N' at character 1");
    }

    @Test
    void aPayloadFromOutsideIsBoundedStrictUtf8() throws Exception {
        assertEquals("{\"t\":\"Grüße 😀\"}", JsonReader.text("{\"t\":\"Grüße 😀\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("t", "Grüße 😀"), JsonReader.parse("{\"t\":\"Grüße 😀\"}"));
        byte[] broken = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'};
        assertEquals("not valid JSON: not UTF-8 text at byte 7",
                assertThrows(JsonException.class, () -> JsonReader.text(broken)).getMessage());
        byte[] overlong = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
        assertEquals("not valid JSON: not UTF-8 text at byte 2",
                assertThrows(JsonException.class, () -> JsonReader.text(overlong)).getMessage());
        byte[] big = ("\"" + "x".repeat(JsonReader.MAX_PAYLOAD_BYTES) + "\"").getBytes(StandardCharsets.US_ASCII);
        assertEquals("larger than 65536 bytes (65538 bytes)",
                assertThrows(JsonException.class, () -> JsonReader.text(big)).getMessage());
        byte[] justFits = ("\"" + "x".repeat(JsonReader.MAX_PAYLOAD_BYTES - 2) + "\"").getBytes(StandardCharsets.US_ASCII);
        assertEquals(JsonReader.MAX_PAYLOAD_BYTES, ((String) JsonReader.parse(JsonReader.text(justFits))).length() + 2);
    }

    @Test
    void thirtyThreeLevelsAreReadAndTheThirtyFourthIsNot() throws Exception {
        Object nested = JsonReader.parse("[".repeat(33) + "]".repeat(33));
        int depth = 0;
        for (Object o = nested; o instanceof List<?> l; o = l.isEmpty() ? null : l.get(0)) {
            depth++;
        }
        assertEquals(33, depth);
        assertRefused("[".repeat(34) + "]".repeat(34), "not valid JSON: nested deeper than 32 levels at character 34");
    }

    private static void assertRefused(String text, String message) {
        assertEquals(message, assertThrows(JsonException.class, () -> JsonReader.parse(text)).getMessage());
    }
}
