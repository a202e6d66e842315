package io.outpost.process.alarm;

import io.outpost.json.JsonOutput;
import io.outpost.json.JsonReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code data_dir/alarms-active.json}: the raised alarms as of the alarm record with seq {@code seq},
 * and that record's own content. Written (temporary file, fsync, rename) when the store gives an alarm
 * record its seq, before the commit that makes the record durable; so at a restart either both are on
 * disk, or the file is one record ahead and the store's alarm lane shows that record missing (its last
 * seq is below the file's), and it is appended again.
 */
final class AlarmStateFile {

    static final String NAME = "alarms-active.json";

    /** What the file holds. {@code lastRecord}: type and fields of the record with {@code seq}. */
    record State(long seq, List<ActiveAlarm> active, String lastType, Map<String, Object> lastFields) {

        static final State EMPTY = new State(0, List.of(), "", Map.of());
    }

    private final Path file;

    AlarmStateFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /** The state on disk; empty when there is no file yet. */
    Optional<State> read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            Map<?, ?> root = (Map<?, ?>) JsonReader.parse(text);
            List<ActiveAlarm> active = new ArrayList<>();
            for (Object item : (List<?>) root.get("active")) {
                Map<?, ?> a = (Map<?, ?>) item;
                active.add(new ActiveAlarm((String) a.get("name"), (String) a.get("severity"),
                        ((Number) a.get("raised_at")).longValue(), (String) a.get("rule"), fields(a.get("raise"))));
            }
            Map<?, ?> last = (Map<?, ?>) root.get("last");
            return Optional.of(new State(((Number) root.get("seq")).longValue(), active, (String) last.get("type"),
                    fields(last.get("fields"))));
        } catch (JsonReader.JsonException | ClassCastException | NullPointerException e) {
            throw new IOException(file + " is not a state file Outpost wrote (" + e.getMessage() + ")", e);
        }
    }

    void write(State state) throws IOException {
        byte[] bytes = JsonOutput.bytes(512, out -> {
            out.startObject().field("seq", state.seq()).name("active").startArray();
            for (ActiveAlarm a : state.active()) {
                out.startObject().field("name", a.name()).field("severity", a.severity()).field("raised_at", a.raisedAt())
                        .field("rule", a.rule()).name("raise").plain(a.raise()).endObject();
            }
            out.endArray().name("last").startObject().field("type", state.lastType()).name("fields")
                    .plain(state.lastFields()).endObject().endObject();
        });
        Path temporary = file.resolveSibling(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static Map<String, Object> fields(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, v));
        return out;
    }
}
