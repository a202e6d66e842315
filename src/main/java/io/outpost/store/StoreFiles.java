package io.outpost.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The files of a store directory and the moves between them, each made durable. */
record StoreFiles(Path dir) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    Path queue() {
        return dir.resolve("queue.db");
    }

    Path journal() {
        return journalOf(queue());
    }

    Path seqState() {
        return dir.resolve("seq.state");
    }

    /** Where a compacted copy is built before it replaces {@link #queue()}. */
    Path compactQueue() {
        return dir.resolve("queue.db.compact");
    }

    static Path journalOf(Path queueFile) {
        return queueFile.resolveSibling(queueFile.getFileName() + ".journal");
    }

    /**
     * Moves the damaged queue file (and its journal) to {@code queue.db.corrupt-<UTC time>} so a fresh
     * one can take its place, and returns where it went.
     */
    Path moveAsideCorrupt(Instant now) throws IOException {
        String suffix = ".corrupt-" + STAMP.format(now);
        Path target = dir.resolve(queue().getFileName() + suffix);
        for (int n = 1; Files.exists(target); n++) {
            target = dir.resolve(queue().getFileName() + suffix + "-" + n);
        }
        Files.move(queue(), target);
        if (Files.exists(journal())) {
            Files.move(journal(), journalOf(target));
        }
        syncDirectory();
        return target;
    }

    /** Deletes what an interrupted compaction left behind. */
    void deleteCompactionLeftovers() throws IOException {
        Files.deleteIfExists(compactQueue());
        Files.deleteIfExists(journalOf(compactQueue()));
    }

    /**
     * Puts the finished compacted file in place of the queue file. The old journal goes first and
     * durably: replayed onto the new file it would damage it.
     */
    void replaceQueueWithCompacted() throws IOException {
        Files.deleteIfExists(journal());
        Files.deleteIfExists(journalOf(compactQueue()));
        syncDirectory();
        Files.move(compactQueue(), queue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Makes renames and deletions in the directory durable. */
    void syncDirectory() throws IOException {
        syncDirectory(dir);
    }

    /** Makes new, renamed and deleted entries of {@code dir} durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
