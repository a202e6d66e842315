package io.outpost.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's half of the health gate (docs/ota.md). At start it reports a rollback the launcher made
 * ({@code rollback-reason}, as an {@code ota-rolled-back} event) and finds whether the release it runs
 * is on trial; once the gateway is healthy (config loaded, store open, uplink connected) it confirms
 * the release by removing {@code trial}. Whether the deadline passed is the caller's to watch
 * ({@link #deadline}); the launcher rolls back at the next start. Called at start-up and from the
 * gateway's timer thread; synchronized, as both may meet.
 */
public final class HealthGate {

    private final Releases releases;
    private final Optional<String> running;
    private final OtaEvents events;
    private Optional<Trial> trial = Optional.empty();

    /** {@code running}: the over-the-air release this process runs, empty for the packaged one. */
    public HealthGate(Releases releases, Optional<String> running, OtaEvents events) {
        this.releases = releases;
        this.running = running;
        this.events = events;
    }

    /** The release a launcher chose ({@code OUTPOST_RELEASE_CHOSEN}), when it is one of {@code releases}. */
    public static Optional<String> runningRelease(Path releases, Map<String, String> env) {
        String chosen = env.get("OUTPOST_RELEASE_CHOSEN");
        if (chosen == null || chosen.isBlank()) {
            return Optional.empty();
        }
        try {
            Path release = Path.of(chosen).toRealPath();
            return release.getParent().equals(releases.toRealPath())
                    ? Optional.of(release.getFileName().toString()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The folder of releases: the launcher's {@code OUTPOST_RELEASES} when set, so both agree, else {@code data_dir/releases}. */
    public static Path releasesDir(Path dataDir, Map<String, String> env) {
        String set = env.get("OUTPOST_RELEASES");
        return set != null && !set.isBlank() ? Path.of(set) : dataDir.resolve("releases");
    }

    public synchronized void start() throws IOException {
        Path reason = releases.dir().resolve(Releases.ROLLBACK_REASON);
        if (Files.exists(reason)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String line : Files.readAllLines(reason, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            fields.put("running", running.orElse(Trial.PACKAGED));
            events.event("ota-rolled-back", fields);
            Files.delete(reason);
        }
        trial = Trial.read(releases.dir()).filter(t -> running.isPresent() && t.version().equals(running.get()));
        trial.ifPresent(t -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("version", t.version());
            fields.put("previous", t.previous());
            fields.put("deadline", t.deadline().toString());
            fields.put("attempt", t.attempts());
            events.event("ota-on-trial", fields);
        });
    }

    public synchronized boolean onTrial() {
        return trial.isPresent();
    }

    /** When the trial ends, if this start is on trial. */
    public synchronized Optional<Instant> deadline() {
        return trial.map(Trial::deadline);
    }

    /** The gateway is healthy: a release on trial is confirmed. */
    public synchronized void healthy() throws IOException {
        if (trial.isEmpty()) {
            return;
        }
        Trial t = trial.get();
        releases.confirm();
        trial = Optional.empty();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", t.version());
        fields.put("previous", t.previous());
        events.event("ota-confirmed", fields);
    }
}
