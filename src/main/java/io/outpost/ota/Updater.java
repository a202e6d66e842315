package io.outpost.ota;

import io.outpost.config.OtaConfig;
import io.outpost.threads.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries out an update: {@link #accept} checks a manifest at once (signature against
 * {@code ota.public_key_file}, read each time; versions) and hands it to the {@code ota} thread, which
 * downloads, verifies, installs, and asks for the restart into the new release. One update at a time;
 * a second while one runs is refused. Every step is an event ({@link OtaEvents}); {@link #status} is
 * the last.
 */
public final class Updater implements AutoCloseable {

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final Releases releases;
    private final OtaConfig config;
    private final String runningVersion;
    private final OtaEvents events;
    private final Runnable restart;
    private final ExecutorService thread;
    private final AtomicReference<UpdateStatus> status = new AtomicReference<>(UpdateStatus.IDLE);

    /** {@code restart}: called once a release is installed, to stop the daemon with the code systemd restarts on. */
    public Updater(Releases releases, OtaConfig config, String runningVersion, OtaEvents events, Runnable restart) {
        this.releases = releases;
        this.config = config;
        this.runningVersion = runningVersion;
        this.events = events;
        this.restart = restart;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1),
                DaemonThreads.named("ota"));
    }

    /** Checks {@code manifest} and starts the update; returns what the reply says. */
    public synchronized String accept(Manifest manifest) throws OtaRefusal {
        UpdateStatus now = status.get();
        if (now.state() == UpdateStatus.State.DOWNLOADING || now.state() == UpdateStatus.State.INSTALLING) {
            throw new OtaRefusal("an update to " + now.version() + " is already under way");
        }
        try {
            ManifestSignature.verify(manifest, SigningKeys.readPublic(config.publicKeyFile()));
            versions(manifest);
        } catch (OtaRefusal e) {
            refused(manifest.version().text(), e);
            throw e;
        }
        status.set(new UpdateStatus(UpdateStatus.State.DOWNLOADING, manifest.version().text(), 0, manifest.size(), ""));
        event("ota-accepted", manifest.version().text(), "size", manifest.size());
        thread.execute(() -> run(manifest));
        return "downloading " + manifest.version() + " (" + manifest.size() + " bytes); progress on events and in outpost ota status";
    }

    private void versions(Manifest manifest) throws OtaRefusal {
        Optional<ReleaseVersion> running;
        try {
            running = Optional.of(ReleaseVersion.parse(runningVersion));
        } catch (OtaRefusal e) {
            running = Optional.empty();
        }
        if (manifest.minVersion().isPresent()) {
            ReleaseVersion min = manifest.minVersion().get();
            if (running.isEmpty() || running.get().compareTo(min) < 0) {
                throw new OtaRefusal(manifest.version() + " needs " + min + " or newer running first (this gateway runs "
                        + runningVersion + "): install the releases in between");
            }
        }
        if (running.isPresent() && manifest.version().compareTo(running.get()) <= 0) {
            throw new OtaRefusal(manifest.version() + " is not newer than the running " + runningVersion
                    + ": an update never goes back (outpost ota rollback returns to the previous release)");
        }
    }

    private void run(Manifest manifest) {
        String version = manifest.version().text();
        try {
            Path archive = new ReleaseDownload(releases.dir(), config.keepFreeBytes(), this::progress, RETRY_PAUSE).fetch(manifest);
            status.set(new UpdateStatus(UpdateStatus.State.INSTALLING, version, manifest.size(), manifest.size(), ""));
            try {
                releases.install(archive, manifest.version(), ReleaseDownload.needed(manifest.size()), config.healthDeadline(),
                        config.maxAttempts());
            } catch (OtaRefusal e) {
                // the archive is what was refused: keeping it would only resume into the same refusal
                Files.deleteIfExists(archive);
                throw e;
            }
            status.set(new UpdateStatus(UpdateStatus.State.INSTALLED, version, manifest.size(), manifest.size(),
                    "restarting into " + version));
            event("ota-installed", version, "previous", releases.previous().orElse(Trial.PACKAGED));
            restart.run();
        } catch (OtaRefusal e) {
            refused(version, e);
        } catch (IOException | RuntimeException e) {
            status.set(new UpdateStatus(UpdateStatus.State.FAILED, version, 0, manifest.size(), String.valueOf(e.getMessage())));
            event("ota-failed", version, "reason", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void progress(String name, Map<String, Object> fields) {
        if (fields.get("bytes") instanceof Long bytes) {
            UpdateStatus s = status.get();
            status.set(new UpdateStatus(s.state(), s.version(), bytes, s.size(), s.message()));
        }
        events.event(name, fields);
    }

    private void refused(String version, OtaRefusal e) {
        status.set(new UpdateStatus(UpdateStatus.State.REFUSED, version, 0, 0, e.getMessage()));
        event("ota-refused", version, "reason", e.getMessage());
    }

    private void event(String name, String version, String key, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", version);
        fields.put(key, value);
        progress(name, fields);
    }

    public UpdateStatus status() {
        return status.get();
    }

    /** Back to the previous release at the operator's word; the restart follows. */
    public String rollback() throws OtaRefusal, IOException {
        String from = releases.current().orElse(Trial.PACKAGED);
        String to = releases.rollback("rolled back by the operator");
        event("ota-rollback-requested", from, "to", to);
        restart.run();
        return "rolling back to " + to + "; restarting";
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
