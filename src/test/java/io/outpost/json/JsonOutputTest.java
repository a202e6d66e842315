package io.outpost.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outpost.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonOutputTest {

    /** Jackson writes long strings in segments: a pair split across two of them must stay one character. */
    @Test
    void textBeyondTheBmpIsItsUtf8BytesAtEveryLengthAndOffset() {
        for (int length : new int[] {0, 1, 7, 8, 255, 1000, 3999, 4000, 8000, 20_000}) {
            for (int offset : new int[] {0, 1, length / 2, Math.max(0, length - 1)}) {
                String s = "a".repeat(offset) + "\uD83D\uDE00" + "é".repeat(Math.max(0, length - offset));
                assertArrayEquals(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8), JsonOutput.bytes(16, out -> out.string(s)),
                        "length " + length + " offset " + offset);
            }
        }
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMarkAsJavasEncoderMakesIt() {
        for (String s : List.of("lone \uD83D x", "lone \uDE00 x", "end \uD83D", "\uDE00\uD83D", "ok \uD83D\uDE00")) {
            assertArrayEquals(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8), JsonOutput.bytes(16, out -> out.string(s)), s);
        }
        assertEquals("\"\uD83D\uDE00 \\u0008\\u000c\\n\\\"\\\\\\u0001\"",
                new String(JsonOutput.bytes(16, out -> out.string("\uD83D\uDE00 \b\f\n\"\\\u0001")), StandardCharsets.UTF_8),
                "the same escapes beside text beyond the BMP");
    }

    @Test
    void plainValuesMapOneWayWhereverTheyAreWritten() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("int", 7);
        fields.put("long", 10_000_000_000_000_001L);
        fields.put("double", 2.5);
        fields.put("whole", 2.0);
        fields.put("value", Value.of(9_007_199_254_740_993L));
        fields.put("none", Value.NONE);
        fields.put("absent", Optional.empty());
        fields.put("present", Optional.of("x"));
        fields.put("null", null);
        fields.put("list", Arrays.asList(true, Value.of(Double.NaN), "s"));
        fields.put("map", Map.of("k", Value.of(false)));
        assertEquals("{\"int\":7,\"long\":10000000000000001,\"double\":2.5,\"whole\":2,\"value\":9007199254740993,"
                + "\"none\":null,\"absent\":null,\"present\":\"x\",\"null\":null,\"list\":[true,\"NaN\",\"s\"],"
                + "\"map\":{\"k\":false}}",
                new String(JsonOutput.bytes(64, out -> out.plain(fields)), StandardCharsets.UTF_8));
    }
}
