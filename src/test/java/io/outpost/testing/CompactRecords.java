package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a compact telemetry record (docs/protocol.md) back into the tree of the JSON record it stands
 * for, so tests assert on either encoding alike: the header as is, {@code samples} tag after tag, each
 * tag's in time order; a NaN or infinite value as the JSON record's string. Written from the protocol
 * page, apart from the daemon's encoder, so a test compares two readings of the page.
 */
public final class CompactRecords {

    /** Jackson's mapper is safe to share once configured, and this one is never reconfigured. */
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final List<String> QUALITIES = List.of("good", "uncertain", "bad");

    private CompactRecords() {
    }

    /** The header alone ({@code gw}, {@code seq}, {@code boot}, {@code ts}, {@code fmt}, {@code z}): no inflating. */
    public static JsonNode header(byte[] payload) {
        try {
            return CBOR.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(byte[] payload) {
        return toJson(payload, false);
    }

    /** @param exact keep NaN and infinities as floats, not the JSON record's strings */
    public static ObjectNode toJson(byte[] payload, boolean exact) {
        JsonNode header = header(payload);
        if (header.path("fmt").asInt() != 1) {
            throw new IllegalArgumentException("compact record of unknown format " + header.path("fmt"));
        }
        JsonNode body;
        try {
            body = CBOR.readTree(inflate(header.get("z").binaryValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("gw", "seq", "boot", "ts")) {
            record.set(field, header.get(field));
        }
        ArrayNode samples = record.putArray("samples");
        int at = 0;
        for (int tag = 0; tag < body.get("tags").size(); tag++) {
            long ts = header.get("ts").asLong();
            long integer = 0;
            for (int k = 0; k < body.get("counts").get(tag).asInt(); k++, at++) {
                ts += body.get("ts").get(at).asLong();
                ObjectNode sample = samples.addObject();
                sample.set("t", body.get("tags").get(tag));
                sample.put("ts", ts);
                JsonNode v = body.get("v").get(at);
                if (v.isIntegralNumber()) {
                    integer += v.asLong(); // wraps as the encoder's subtraction did
                    sample.put("v", integer);
                } else if (v.isFloatingPointNumber() && !exact && !Double.isFinite(v.asDouble())) {
                    double d = v.asDouble();
                    sample.put("v", Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                } else if (v.isFloatingPointNumber()) {
                    sample.put("v", v.asDouble());
                } else {
                    sample.set("v", v);
                }
                sample.put("q", QUALITIES.get(body.get("q").get(at).asInt()));
            }
        }
        return record;
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
