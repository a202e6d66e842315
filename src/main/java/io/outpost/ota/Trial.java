package io.outpost.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code releases/trial}: the release just installed is on trial until it confirms itself healthy. Plain
 * {@code key=value} lines, because the packaged launcher (a POSIX shell script that a broken new
 * release cannot change) reads and updates it at every start: {@code version}, {@code previous} (a
 * version, or {@code packaged} for the release the package installed), {@code deadline} (epoch
 * seconds), {@code attempts} (starts so far, counted by the launcher), {@code max_attempts}.
 */
public record Trial(String version, String previous, Instant deadline, int attempts, int maxAttempts) {

    public static final String FILE = "trial";
    public static final String PACKAGED = "packaged";

    public static Optional<Trial> read(Path releases) throws IOException {
        Path file = releases.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            return Optional.of(new Trial(v.get("version"), v.getOrDefault("previous", PACKAGED),
                    Instant.ofEpochSecond(Long.parseLong(v.getOrDefault("deadline", "0"))),
                    Integer.parseInt(v.getOrDefault("attempts", "0")), Integer.parseInt(v.getOrDefault("max_attempts", "3"))));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Written beside, then renamed over: the launcher never reads half a file. */
    void write(Path releases) throws IOException {
        Path tmp = releases.resolve("." + FILE + ".new");
        Files.writeString(tmp, "version=" + version + "\nprevious=" + previous + "\ndeadline=" + deadline.getEpochSecond()
                + "\nattempts=" + attempts + "\nmax_attempts=" + maxAttempts + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, releases.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
