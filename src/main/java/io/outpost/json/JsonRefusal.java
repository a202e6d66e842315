package io.outpost.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.outpost.json.JsonReader.JsonException;

/**
 * Says why {@link JsonReader} refused a document, in words a sender can act on
 * ({@code not valid JSON: expected a quoted key at character 2}) rather than Jackson's. Jackson found
 * the fault; this looks at the text from the end of the last good token to the fault, knowing what was
 * expected there, and names it. Stateless.
 */
final class JsonRefusal {

    /** What the reader asked Jackson for when it failed. */
    enum Expected { VALUE, FIRST_KEY, NEXT_KEY, FIRST_ITEM, NEXT_ITEM }

    private JsonRefusal() {
    }

    /** A refusal at {@code index} (zero-based) of the text: messages count characters from 1. */
    static JsonException at(int index, String what) {
        return new JsonException("not valid JSON: " + what + " at character " + (index + 1));
    }

    /** {@code from}: where the last good token ended; {@code failure}: what Jackson said after it. */
    static JsonException explain(String text, int from, Expected expected, JsonProcessingException failure) {
        int i = skipSpace(text, from);
        switch (expected) {
            case NEXT_KEY, NEXT_ITEM -> {
                char close = expected == Expected.NEXT_KEY ? '}' : ']';
                if (i >= text.length()) {
                    return at(i, "unexpected end, expected '" + close + "'");
                }
                if (text.charAt(i) != ',') {
                    return at(i, "expected '" + close + "'");
                }
                i = skipSpace(text, i + 1);
            }
            default -> {
                // nothing to pass before the key or the value
            }
        }
        if (expected == Expected.FIRST_KEY || expected == Expected.NEXT_KEY) {
            if (i >= text.length() || text.charAt(i) != '"') {
                return at(i, "expected a quoted key");
            }
            int keyStart = i;
            JsonException badKey = string(text, i);
            if (badKey != null) {
                return badKey;
            }
            i = skipSpace(text, stringEnd(text, i));
            if (i >= text.length() || text.charAt(i) != ':') {
                return at(i, i >= text.length() ? "unexpected end, expected ':'" : "expected ':'");
            }
            i = skipSpace(text, i + 1);
            if (before(failure, i)) {
                // A well-formed key refused before its value is read: Jackson's strict duplicate detection.
                return at(i, "duplicate key " + text.substring(keyStart, stringEnd(text, keyStart)));
            }
        }
        return value(text, i, failure);
    }

    /** The fault is in the value that starts at {@code i}. */
    private static JsonException value(String text, int i, JsonProcessingException failure) {
        if (i >= text.length()) {
            return at(i, "unexpected end");
        }
        char c = text.charAt(i);
        if ((c == '[' || c == '{') && failure instanceof StreamConstraintsException) {
            return at(i, "nested deeper than " + JsonFormat.MAX_DEPTH + " levels");
        }
        if (c == '"') {
            JsonException bad = string(text, i);
            if (bad != null) {
                return bad;
            }
        } else if (c == 't' || c == 'f' || c == 'n') {
            return at(i, "unexpected word");
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            int end = i;
            while (end < text.length() && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            return at(end, "not a number: " + text.substring(i, end));
        } else if (c != '[' && c != '{') {
            return at(i, "unexpected character '" + c + "'");
        }
        JsonLocation where = failure.getLocation();
        return at(where == null ? i : (int) where.getCharOffset(), failure.getOriginalMessage());
    }

    /** The fault in the string that opens at {@code quote}, or null when it is well formed. */
    private static JsonException string(String text, int quote) {
        int i = quote + 1;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '"') {
                return null;
            }
            if (c < 0x20) {
                return at(i, "control character in a string");
            }
            if (c != '\\') {
                continue;
            }
            if (i >= text.length()) {
                break;
            }
            char e = text.charAt(i++);
            if (e == 'u') {
                if (i + 4 > text.length()) {
                    return at(i, "short \\u escape");
                }
                for (int h = i; h < i + 4; h++) {
                    if (Character.digit(text.charAt(h), 16) < 0) {
                        return at(i, "bad \\u escape");
                    }
                }
                i += 4;
            } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                return at(i, "bad escape \\" + e);
            }
        }
        return at(text.length(), "unterminated string");
    }

    /** Just past the closing quote of the well-formed string that opens at {@code quote}. */
    private static int stringEnd(String text, int quote) {
        int i = quote + 1;
        while (text.charAt(i) != '"') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static boolean before(JsonProcessingException failure, int index) {
        JsonLocation where = failure.getLocation();
        return where != null && where.getCharOffset() >= 0 && where.getCharOffset() < index;
    }

    static int skipSpace(String text, int i) {
        while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }
}
