package io.outpost.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

/** A file replaced whole: written to a temp file beside it, synced, renamed over it, the folder synced. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** After a crash {@code target} holds its old bytes or {@code bytes}, never a part. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".new");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        keepPermissions(target, tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** The new file gets the mode of the one it replaces (a config readable by its group stays so). */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
    }

    /** The rename itself is durable only once the folder is synced (Linux; elsewhere a folder cannot be opened). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every file system lets a folder be synced; the rename was still atomic
        }
    }
}
