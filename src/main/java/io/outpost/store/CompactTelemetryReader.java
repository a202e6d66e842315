package io.outpost.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a compact telemetry record (docs/protocol.md, "Compact telemetry") back into its samples, in
 * the record's order: tag after tag, each tag's in the order they were stored. Follows the protocol
 * page, not {@link CompactTelemetry}'s code, so each checks the other; the reference decoder shipped to
 * consumers ({@code docs/decoder/outpost_decode.py}) is a third reading of the same page. The daemon
 * needs it at start, to find the newest sample time per tag in the records still queued.
 *
 * <p>Stateless: any thread may read.
 */
public final class CompactTelemetryReader {

    private static final CBORFactory CBOR = new CBORFactory();
    private static final Quality[] QUALITIES = {Quality.GOOD, Quality.UNCERTAIN, Quality.BAD};

    private CompactTelemetryReader() {
    }

    /**
     * The samples of {@code payload}, each with its tag, ts, quality and value type (an integer as an
     * integer, a float as a float, NaN and infinities included).
     *
     * @throws IllegalArgumentException when the payload is not a compact record of a known format version
     */
    public static List<Sample> samples(byte[] payload) {
        try {
            Header header = header(payload);
            return columns(inflate(header.z)).samples(header.ts);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable compact telemetry record: " + e.getMessage(), e);
        }
    }

    /** The record's own {@code ts} (when it was made), from its header; nothing is inflated. */
    static long madeAt(byte[] payload) {
        try {
            return header(payload).ts;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a compact record: " + e.getMessage(), e);
        }
    }

    private record Header(long ts, byte[] z) {
    }

    private static Header header(byte[] payload) throws IOException {
        Long ts = null;
        Integer fmt = null;
        byte[] z = null;
        try (JsonParser p = CBOR.createParser(payload)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a map");
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t == null) {
                    throw new IOException("record ends inside its header");
                }
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "ts" -> ts = p.getLongValue();
                    case "fmt" -> fmt = p.getIntValue();
                    case "z" -> z = p.getBinaryValue();
                    default -> p.skipChildren();
                }
            }
        }
        if (fmt == null || fmt != CompactTelemetry.FORMAT_VERSION) {
            throw new IllegalArgumentException("compact record of unknown format " + fmt);
        }
        if (ts == null || z == null) {
            throw new IllegalArgumentException("compact record without " + (ts == null ? "ts" : "z"));
        }
        return new Header(ts, z);
    }

    /** The body's five columns as read, before the deltas are summed. */
    private static final class Columns {
        final List<String> tags = new ArrayList<>();
        final List<Long> counts = new ArrayList<>();
        final List<Long> ts = new ArrayList<>();
        final List<Long> q = new ArrayList<>();
        final List<Object> v = new ArrayList<>();

        List<Sample> samples(long recordTs) {
            List<Sample> samples = new ArrayList<>(ts.size());
            int at = 0;
            for (int tag = 0; tag < tags.size(); tag++) {
                TagId id = TagId.parse(tags.get(tag));
                long time = recordTs;
                long integer = 0;
                for (long k = 0; k < counts.get(tag); k++, at++) {
                    time += ts.get(at);
                    Object raw = v.get(at);
                    Value value;
                    if (raw instanceof Long delta) {
                        integer += delta; // wraps as the encoder's subtraction did
                        value = Value.of(integer);
                    } else {
                        value = (Value) raw;
                    }
                    samples.add(new Sample(id, time, value, quality(q.get(at))));
                }
            }
            if (at != ts.size() || at != q.size() || at != v.size()) {
                throw new IllegalArgumentException("counts add up to " + at + " samples, columns hold " + ts.size()
                        + ", " + q.size() + ", " + v.size());
            }
            return samples;
        }
    }

    private static Columns columns(byte[] body) throws IOException {
        Columns columns = new Columns();
        try (JsonParser p = CBOR.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a map");
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t == null) {
                    throw new IOException("body ends inside its map");
                }
                String field = p.currentName();
                JsonToken start = p.nextToken();
                if (start != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    if (item == null) {
                        throw new IOException("body ends inside " + field);
                    }
                    switch (field) {
                        case "tags" -> columns.tags.add(p.getText());
                        case "counts" -> columns.counts.add(p.getLongValue());
                        case "ts" -> columns.ts.add(p.getLongValue());
                        case "q" -> columns.q.add(p.getLongValue());
                        case "v" -> columns.v.add(value(p, item));
                        default -> p.skipChildren();
                    }
                }
            }
        }
        return columns;
    }

    /** An integer stays a delta (a {@code Long}) until summed; anything else is its value already. */
    private static Object value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> Value.of(p.getDoubleValue());
            case VALUE_TRUE -> Value.of(true);
            case VALUE_FALSE -> Value.of(false);
            case VALUE_STRING -> Value.of(p.getText());
            case VALUE_NULL -> Value.NONE;
            default -> throw new IOException("unexpected " + token + " in v");
        };
    }

    private static Quality quality(long code) {
        if (code < 0 || code >= QUALITIES.length) {
            throw new IllegalArgumentException("unknown quality code " + code);
        }
        return QUALITIES[(int) code];
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + what + ", found " + actual);
        }
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && inflater.needsInput()) {
                    throw new IllegalArgumentException("truncated deflate stream");
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new IllegalArgumentException("deflate stream asks for a preset dictionary");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a zlib stream", e);
        } finally {
            inflater.end();
        }
    }
}
