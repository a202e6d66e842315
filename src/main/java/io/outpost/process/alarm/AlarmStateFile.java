package io.outpost.process.alarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code data_dir/alarms-active.json}, where older builds kept the raised alarms. Read once, at a start
 * whose store holds no alarm state yet, and removed once the store does.
 */
final class AlarmStateFile {

    static final String NAME = "alarms-active.json";

    private final Path file;

    AlarmStateFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The raised alarms the file holds; empty when there is no file. */
    Optional<List<ActiveAlarm>> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(ActiveAlarmCodec.decode(bytes, file.toString()));
    }

    void remove() throws IOException {
        Files.deleteIfExists(file);
    }
}
