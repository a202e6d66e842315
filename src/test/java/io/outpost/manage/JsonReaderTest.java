package io.outpost.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.outpost.manage.JsonReader.JsonException;
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

    private static void assertRefused(String text, String message) {
        assertEquals(message, assertThrows(JsonException.class, () -> JsonReader.parse(text)).getMessage());
    }
}
