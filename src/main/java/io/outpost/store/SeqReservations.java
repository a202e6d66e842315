package io.outpost.store;

import io.outpost.value.Lane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code seq.state}: per lane, a seq no record has reached yet. The store never hands out a seq above
 * it without first moving it up by {@link #BLOCK} and writing the file (atomically: temp file, fsync,
 * rename, fsync of the directory), so the file is rewritten once per {@value #BLOCK} records per lane.
 *
 * <p>Why a side file: when the queue file is damaged and replaced, its seq counters are lost with it.
 * A fresh file starts above the reservation instead, so a seq never comes back with other content.
 * If this file is lost too, the fresh file starts from the clock (see {@link #fallbackFloor}).
 */
final class SeqReservations {

    static final long BLOCK = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(SeqReservations.class);
    private static final String HEADER = "# Outpost store: seqs up to these values may have been handed out. Do not edit.";

    private final Path file;
    private final Map<Lane, Long> reserved;
    private final boolean known;

    private SeqReservations(Path file, Map<Lane, Long> reserved, boolean known) {
        this.file = file;
        this.reserved = reserved;
        this.known = known;
    }

    /** Reads {@code file}; a missing or damaged file gives empty reservations with {@link #known()} false. */
    static SeqReservations load(Path file) {
        Map<Lane, Long> reserved = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            reserved.put(lane, 0L);
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int crcAt = text.lastIndexOf("crc32c=");
            if (crcAt < 0 || !text.substring(crcAt).trim().equals("crc32c=" + crcOf(text.substring(0, crcAt)))) {
                LOG.warn("event=seq-state-damaged action=ignored path={}", file);
                return new SeqReservations(file, reserved, false);
            }
            for (String line : text.substring(0, crcAt).split("\n")) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                for (Lane lane : Lane.values()) {
                    if (lane.wireName().equals(line.substring(0, eq).trim())) {
                        reserved.put(lane, Long.parseLong(line.substring(eq + 1).trim()));
                    }
                }
            }
            return new SeqReservations(file, reserved, true);
        } catch (NoSuchFileException e) {
            return new SeqReservations(file, reserved, false);
        } catch (IOException | NumberFormatException e) {
            LOG.warn("event=seq-state-unreadable action=ignored path={} error={}", file, QueueFile.describe(e));
            return new SeqReservations(file, reserved, false);
        }
    }

    /** True when the file was present and intact, so its values bound every seq handed out before. */
    boolean known() {
        return known;
    }

    long reservedUpTo(Lane lane) {
        return reserved.get(lane);
    }

    /** Makes sure {@code seq} may be handed out, writing the file first when it is above the reservation. */
    void ensureReserved(Lane lane, long seq) throws IOException {
        if (seq <= reserved.get(lane)) {
            return;
        }
        Map<Lane, Long> next = new EnumMap<>(reserved);
        next.put(lane, seq - 1 + BLOCK);
        write(next);
        reserved.putAll(next);
    }

    /**
     * A floor for a fresh file when both the queue file and this file are lost: microseconds since the
     * epoch. It is above every seq of a store that started at 1 and above every seq of a previous
     * clock-based start, as long as the clock has not gone back and lanes average under a million
     * records per second.
     */
    static long fallbackFloor(long epochMillis) {
        return epochMillis * 1000;
    }

    private void write(Map<Lane, Long> values) throws IOException {
        StringBuilder body = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<Lane, Long> e : values.entrySet()) {
            body.append(e.getKey().wireName()).append('=').append(e.getValue()).append('\n');
        }
        String text = body + "crc32c=" + crcOf(body.toString()) + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        StoreFiles.syncDirectory(file.getParent());
    }

    private static String crcOf(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
