package io.outpost.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small JSON documents that arrive from the cloud (command payloads) or the admin socket into plain Java values:
 * {@code Map<String, Object>} (key order kept), {@code List<Object>}, {@code String}, {@code Boolean},
 * {@code Long} (integers that fit), {@code Double} and {@code null}. Strict: one value, nothing after it,
 * no duplicate keys (Jackson's strict duplicate detection), at most {@link JsonFormat#MAX_DEPTH} levels (its
 * stream constraints); a payload from outside is also at most {@link #MAX_PAYLOAD_BYTES} of valid UTF-8.
 * Anything else is a {@link JsonException} saying what and where. One instance reads one document, on the
 * caller's thread.
 */
public final class JsonReader {

    /** A command payload is a small object: a larger one is junk, refused before it is parsed. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** A payload that is not the JSON we accept; the message says what and at which character. */
    public static final class JsonException extends Exception {
        JsonException(String message) {
            super(message);
        }
    }

    private final String text;
    private final JsonParser parser;

    private JsonReader(String text, JsonParser parser) {
        this.text = text;
        this.parser = parser;
    }

    /** The text of a payload from outside: at most {@link #MAX_PAYLOAD_BYTES}, and valid UTF-8. */
    public static String text(byte[] payload) throws JsonException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new JsonException("larger than " + MAX_PAYLOAD_BYTES + " bytes (" + payload.length + " bytes)");
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            return strict.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not valid JSON: not UTF-8 text at byte " + (in.position() + 1));
        }
    }

    public static Object parse(String text) throws JsonException {
        try (JsonParser parser = JsonFormat.FACTORY.createParser(text)) {
            return new JsonReader(text, parser).document();
        } catch (JsonException e) {
            throw e;
        } catch (IOException e) {
            // Reading a String does no I/O: every Jackson complaint is met in next() or string() first.
            throw new JsonException("not valid JSON: " + e.getMessage());
        }
    }

    private Object document() throws IOException, JsonException {
        JsonToken first = next(JsonRefusal.Expected.VALUE);
        if (first == null) {
            throw JsonRefusal.at(text.length(), "unexpected end");
        }
        Object value = value(first);
        int after = JsonRefusal.skipSpace(text, offset());
        if (after < text.length()) {
            throw JsonRefusal.at(after, "unexpected text after the JSON value");
        }
        return value;
    }

    private Object value(JsonToken token) throws IOException, JsonException {
        return switch (token) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            case VALUE_STRING -> string();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> finite(parser.getDoubleValue());
            default -> throw JsonRefusal.at(offset(), "unexpected " + token);
        };
    }

    private Map<String, Object> object() throws IOException, JsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonRefusal.Expected expected = JsonRefusal.Expected.FIRST_KEY;
        for (JsonToken t = next(expected); t != JsonToken.END_OBJECT; t = next(expected)) {
            String key = parser.currentName();
            map.put(key, value(next(JsonRefusal.Expected.VALUE)));
            expected = JsonRefusal.Expected.NEXT_KEY;
        }
        return map;
    }

    private List<Object> array() throws IOException, JsonException {
        List<Object> list = new ArrayList<>();
        JsonRefusal.Expected expected = JsonRefusal.Expected.FIRST_ITEM;
        for (JsonToken t = next(expected); t != JsonToken.END_ARRAY; t = next(expected)) {
            list.add(value(t));
            expected = JsonRefusal.Expected.NEXT_ITEM;
        }
        return list;
    }

    /** Jackson reads a string's text only when asked: that is where a bad escape shows. */
    private String string() throws JsonException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        try {
            return parser.getText();
        } catch (JsonProcessingException e) {
            throw JsonRefusal.explain(text, start, JsonRefusal.Expected.VALUE, e);
        } catch (IOException e) {
            throw new JsonException("not valid JSON: " + e.getMessage());
        }
    }

    private Object finite(double d) throws IOException, JsonException {
        if (Double.isInfinite(d)) {
            throw JsonRefusal.at(offset(), "number out of range: " + parser.getText());
        }
        return d;
    }

    private JsonToken next(JsonRefusal.Expected expected) throws IOException, JsonException {
        int from = offset();
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw JsonRefusal.explain(text, from, expected, e);
        }
    }

    private int offset() {
        return (int) parser.currentLocation().getCharOffset();
    }
}
