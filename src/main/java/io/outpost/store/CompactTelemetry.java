package io.outpost.store;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The compact telemetry record (docs/protocol.md, "Compact telemetry"): a self-described CBOR map whose
 * header fields ({@code gw}, {@code seq}, {@code boot}, {@code ts}) any CBOR reader sees without
 * inflating anything, and whose samples travel in {@code z}, a zlib-deflated CBOR body of columns:
 * the record's tag names once, then per tag its sample count, and the timestamps, quality codes and
 * values of all samples, tag after tag. Timestamps are deltas (a tag's first from the record's
 * {@code ts}, each later one from the one before), and so are integer values (from the tag's previous
 * integer in the record, its first from 0, in wrapping 64-bit arithmetic), which deflate then folds.
 *
 * <p>Any thread may encode: every call makes its own generator, and each thread keeps one deflater,
 * reset before each record (in practice only the store's writer encodes). Making a zlib stream per
 * record (about 256 KB of native memory set up and freed, and a cleaner registered) was the larger
 * part of a record's cost.
 */
final class CompactTelemetry {

    /** The value of {@code fmt}: a reader refuses a record of a version it does not know. */
    static final int FORMAT_VERSION = 1;

    /** zlib's default, 6: level 9 gave the same bytes on the benchmark's records (docs/BENCHMARKS.md), for more CPU. */
    private static final int DEFLATE_LEVEL = Deflater.DEFAULT_COMPRESSION;

    /**
     * The self-described CBOR tag (RFC 8949 §3.4.6) leads every record, so the first three bytes tell a
     * compact record ({@code D9 D9 F7}) from a JSON one ({@code {}); float64s that fit a float32 exactly go
     * out in 4 bytes, which CBOR readers give back as the same double.
     */
    private static final CBORFactory CBOR = CBORFactory.builder()
            .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
            .enable(CBORGenerator.Feature.WRITE_MINIMAL_DOUBLES)
            .build();

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(DEFLATE_LEVEL));

    private CompactTelemetry() {
    }

    static byte[] encode(String gatewayId, long seq, String bootId, long tsMillis, List<Sample> samples) {
        byte[] body = deflatedBody(tsMillis, samples);
        ByteArrayBuilder out = new ByteArrayBuilder(body.length + 96);
        try (CBORGenerator g = CBOR.createGenerator((OutputStream) out)) {
            g.writeTag(RecordFormat.SELF_DESCRIBED_CBOR_TAG);
            g.writeStartObject(null, 6);
            g.writeFieldName("gw");
            text(g, gatewayId);
            g.writeFieldName("seq");
            g.writeNumber(seq);
            g.writeFieldName("boot");
            text(g, bootId);
            g.writeFieldName("ts");
            g.writeNumber(tsMillis);
            g.writeFieldName("fmt");
            g.writeNumber(FORMAT_VERSION);
            g.writeFieldName("z");
            g.writeBinary(body);
            g.writeEndObject();
        } catch (IOException e) {
            // Nothing here does I/O: only a record written out of order gets here, which is a bug.
            throw new UncheckedIOException("cannot write a compact record", e);
        }
        return out.toByteArray();
    }

    private static byte[] deflatedBody(long tsMillis, List<Sample> samples) {
        Map<TagId, List<Sample>> byTag = new LinkedHashMap<>();
        for (Sample s : samples) {
            byTag.computeIfAbsent(s.tag(), t -> new ArrayList<>()).add(s);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(64 + samples.size() * 8);
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        try (CBORGenerator g = CBOR.createGenerator(new DeflaterOutputStream(out, deflater, 4096))) {
            g.writeStartObject(null, 5);
            g.writeFieldName("tags");
            g.writeStartArray(null, byTag.size());
            for (TagId tag : byTag.keySet()) {
                text(g, tag.toString());
            }
            g.writeEndArray();
            g.writeFieldName("counts");
            g.writeStartArray(null, byTag.size());
            for (List<Sample> ofTag : byTag.values()) {
                g.writeNumber(ofTag.size());
            }
            g.writeEndArray();
            g.writeFieldName("ts");
            g.writeStartArray(null, samples.size());
            for (List<Sample> ofTag : byTag.values()) {
                long previous = tsMillis;
                for (Sample s : ofTag) {
                    g.writeNumber(s.tsMillis() - previous);
                    previous = s.tsMillis();
                }
            }
            g.writeEndArray();
            g.writeFieldName("q");
            g.writeStartArray(null, samples.size());
            for (List<Sample> ofTag : byTag.values()) {
                for (Sample s : ofTag) {
                    g.writeNumber(qualityCode(s.quality()));
                }
            }
            g.writeEndArray();
            g.writeFieldName("v");
            g.writeStartArray(null, samples.size());
            for (List<Sample> ofTag : byTag.values()) {
                long previousInt = 0;
                for (Sample s : ofTag) {
                    Value v = s.reading().orElse(Value.NONE);
                    if (v instanceof Value.Int i) {
                        // Wraps on overflow, as the decoder's 64-bit sum does: every delta fits an int64.
                        g.writeNumber(i.value() - previousInt);
                        previousInt = i.value();
                    } else {
                        value(g, v);
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a compact record", e);
        }
        return out.toByteArray();
    }

    /** The codes of {@code q}, documented in docs/protocol.md: they never change meaning. */
    static int qualityCode(Quality quality) {
        return switch (quality) {
            case GOOD -> 0;
            case UNCERTAIN -> 1;
            case BAD -> 2;
        };
    }

    /** A value that is not an integer: a CBOR float (NaN and infinities included), boolean, text, or null. */
    private static void value(CBORGenerator g, Value v) throws IOException {
        if (v instanceof Value.Num n) {
            g.writeNumber(n.value());
        } else if (v instanceof Value.Bool b) {
            g.writeBoolean(b.value());
        } else if (v instanceof Value.Text t) {
            text(g, t.value());
        } else {
            g.writeNull();
        }
    }

    /** Text as Java encodes it to UTF-8 (a lone surrogate becomes {@code ?}), as the JSON record has it. */
    private static void text(CBORGenerator g, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        g.writeUTF8String(utf8, 0, utf8.length);
    }
}
