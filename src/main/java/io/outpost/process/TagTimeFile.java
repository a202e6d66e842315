package io.outpost.process;

import io.outpost.value.TagId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data_dir/tag-times.0} and {@code tag-times.1}: per tag, the newest sample time handed on
 * towards the store, so that time order within a tag survives a restart even when the store has
 * delivered and deleted every record.
 *
 * <p>Two slots written in turn, each with a generation and a checksum, instead of a temp file and a
 * rename: a write is one {@code fsync} of one file, no directory sync, and a write torn by a crash
 * leaves the other slot intact. Loading takes the intact slot of the higher generation.
 *
 * <p>Each write also says which telemetry records it covers ({@code covered_seq}: every record up to
 * that seq, as the store numbers them). The store writes the file at most once a second, so records
 * above that seq may hold newer times, and a start reads them from the store. A file from before
 * {@code covered_seq} covers no record known by seq: {@link Loaded#coveredSeq} is 0 for it, and the
 * start reads every record. (A build from before it takes the line for a tag and the slot for
 * unreadable: after a downgrade, one start without marks.)
 *
 * <p>Not thread-safe: its owner serialises calls.
 */
final class TagTimeFile {

    private static final Logger log = LoggerFactory.getLogger(TagTimeFile.class);
    private static final String HEADER = "# Outpost: newest sample time per tag handed to the store. Do not edit.";
    private static final String GENERATION = "generation";
    private static final String COVERED_SEQ = "covered_seq";
    private static final String CRC = "crc32c=";

    private final Path[] slots;
    private long generation;

    private TagTimeFile(Path dataDir, long generation) {
        this.slots = new Path[] {dataDir.resolve("tag-times.0"), dataDir.resolve("tag-times.1")};
        this.generation = generation;
    }

    /**
     * What a load found: the file to write to from now on, the times it held, and the seq of the last
     * telemetry record they cover (empty when no slot was intact: no times to start from at all).
     */
    record Loaded(TagTimeFile file, Map<TagId, Long> times, OptionalLong coveredSeq) {
    }

    /** Reads the newer intact slot in {@code dataDir}; none (a first start) gives no times. */
    static Loaded load(Path dataDir) {
        TagTimeFile file = new TagTimeFile(dataDir, 0);
        Slot newest = null;
        for (Path slot : file.slots) {
            Optional<Slot> read = read(slot);
            if (read.isPresent() && (newest == null || read.get().generation > newest.generation)) {
                newest = read.get();
            }
        }
        if (newest == null) {
            return new Loaded(file, Map.of(), OptionalLong.empty());
        }
        file.generation = newest.generation;
        return new Loaded(file, newest.times, OptionalLong.of(newest.coveredSeq));
    }

    /**
     * Writes {@code times}, which cover every telemetry record up to {@code coveredSeq}, durably into
     * the older slot; on return the write is on disk.
     */
    void write(Map<TagId, Long> times, long coveredSeq) throws IOException {
        long next = generation + 1;
        StringBuilder body = new StringBuilder(HEADER).append('\n');
        body.append(GENERATION).append('=').append(next).append('\n');
        body.append(COVERED_SEQ).append('=').append(coveredSeq).append('\n');
        new TreeMap<>(times).forEach((tag, ts) -> body.append(tag).append('=').append(ts).append('\n'));
        String text = body + CRC + crcOf(body.toString()) + "\n";
        Path slot = slots[(int) (next % 2)];
        boolean created = !Files.exists(slot);
        try (FileChannel channel = FileChannel.open(slot, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        if (created) {
            // A new file's name is durable only once its directory is.
            try (FileChannel dir = FileChannel.open(slot.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
        generation = next;
    }

    private static Optional<Slot> read(Path slot) {
        try {
            String text = Files.readString(slot, StandardCharsets.UTF_8);
            int crcAt = text.lastIndexOf(CRC);
            if (crcAt < 0 || !text.substring(crcAt).trim().equals(CRC + crcOf(text.substring(0, crcAt)))) {
                // The slot a crash interrupted; the other one holds the state before it.
                log.info("event=tag-times-slot-ignored path={} reason=checksum", slot);
                return Optional.empty();
            }
            long generation = -1;
            long coveredSeq = 0;
            Map<TagId, Long> times = new HashMap<>();
            for (String line : text.substring(0, crcAt).split("\n")) {
                int eq = line.lastIndexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                long value = Long.parseLong(line.substring(eq + 1).trim());
                if (key.equals(GENERATION)) {
                    generation = value;
                } else if (key.equals(COVERED_SEQ)) {
                    coveredSeq = value;
                } else {
                    times.put(TagId.parse(key), value);
                }
            }
            return generation < 0 ? Optional.empty() : Optional.of(new Slot(generation, times, coveredSeq));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            log.warn("event=tag-times-slot-unreadable path={} error=\"{}\"", slot, e.getMessage());
            return Optional.empty();
        }
    }

    private static String crcOf(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private record Slot(long generation, Map<TagId, Long> times, long coveredSeq) {
    }
}
