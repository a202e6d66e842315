package io.outpost.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.outpost.value.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one JSON document to bytes through Jackson's streaming generator, with the rules consumers
 * have always read: a whole number without {@code .0}, NaN and infinities as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}, text as UTF-8. It holds the one mapping of a {@link Value}
 * to JSON. Belongs to the thread that called {@link #bytes} for as long as that call runs.
 */
public final class JsonOutput {

    /** What goes into the document. */
    @FunctionalInterface
    public interface Body {
        void write(JsonOutput out) throws IOException;
    }

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private final JsonGenerator g;

    private JsonOutput(JsonGenerator g) {
        this.g = g;
    }

    /** The document {@code body} writes, as UTF-8 bytes; {@code sizeHint}: its likely length. */
    public static byte[] bytes(int sizeHint, Body body) {
        ByteArrayBuilder buffer = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator g = JsonFormat.FACTORY.createGenerator(buffer)) {
            body.write(new JsonOutput(g));
        } catch (IOException e) {
            // Nothing here does I/O: only a document written out of order gets here, which is a bug.
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return buffer.toByteArray();
    }

    public JsonOutput startObject() throws IOException {
        g.writeStartObject();
        return this;
    }

    public JsonOutput endObject() throws IOException {
        g.writeEndObject();
        return this;
    }

    public JsonOutput startArray() throws IOException {
        g.writeStartArray();
        return this;
    }

    public JsonOutput endArray() throws IOException {
        g.writeEndArray();
        return this;
    }

    /** A field name: ours (a tag, a source, a lane), so plain text. */
    public JsonOutput name(String name) throws IOException {
        g.writeFieldName(name);
        return this;
    }

    public JsonOutput field(String name, String value) throws IOException {
        return name(name).string(value);
    }

    public JsonOutput field(String name, long value) throws IOException {
        return name(name).number(value);
    }

    /**
     * Text beyond the BMP goes out as its UTF-8 bytes, as Java encodes it (an unpaired surrogate, which a
     * device's text can hold, becomes {@code ?}): Jackson's own writer would escape a pair that falls on
     * the edge of its buffer, or refuse a lone one.
     */
    public JsonOutput string(String s) throws IOException {
        if (hasSurrogate(s)) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            g.writeUTF8String(utf8, 0, utf8.length);
        } else {
            g.writeString(s);
        }
        return this;
    }

    public JsonOutput number(long v) throws IOException {
        g.writeNumber(v);
        return this;
    }

    /**
     * A double as records have always carried it: a whole value below 10^15 without a fraction ({@code 3},
     * not {@code 3.0}), anything else as Java spells it ({@code 1.0E-7}, {@code -0.0}: some devices report a
     * negative zero), NaN and infinities as strings, which every JSON parser accepts.
     */
    public JsonOutput number(double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
        return this;
    }

    public JsonOutput bool(boolean v) throws IOException {
        g.writeBoolean(v);
        return this;
    }

    public JsonOutput nullValue() throws IOException {
        g.writeNull();
        return this;
    }

    /** A tag's value: a number, an exact integer, a boolean, a string, or {@code null} for {@link Value#NONE}. */
    public JsonOutput value(Value v) throws IOException {
        if (v instanceof Value.Num n) {
            return number(n.value());
        }
        if (v instanceof Value.Int i) {
            return number(i.value());
        }
        if (v instanceof Value.Bool b) {
            return bool(b.value());
        }
        if (v instanceof Value.Text t) {
            return string(t.value());
        }
        return nullValue();
    }

    /**
     * A field of an event or a reply: a string, a number (integers exact), a boolean, a {@link Value}, an
     * {@link Optional} (empty is {@code null}), {@code null}, or a {@code Map} or {@code List} of those, in
     * their order. Anything else is written as its {@code toString()}.
     */
    public JsonOutput plain(Object value) throws IOException {
        Object v = value instanceof Optional<?> o ? o.orElse(null) : value;
        if (v == null) {
            return nullValue();
        }
        if (v instanceof Value x) {
            return value(x);
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return number(((Number) v).longValue());
        }
        if (v instanceof Boolean b) {
            return bool(b);
        }
        if (v instanceof Map<?, ?> map) {
            startObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                name(String.valueOf(e.getKey())).plain(e.getValue());
            }
            return endObject();
        }
        if (v instanceof List<?> list) {
            startArray();
            for (Object item : list) {
                plain(item);
            }
            return endArray();
        }
        return string(String.valueOf(v));
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
