package io.outpost.gateway;

import io.outpost.config.OtaConfig;
import io.outpost.manage.CommandHandler;
import io.outpost.manage.CommandRefusedException;
import io.outpost.ota.HealthGate;
import io.outpost.ota.ManifestParser;
import io.outpost.ota.OtaEvents;
import io.outpost.ota.OtaRefusal;
import io.outpost.ota.Releases;
import io.outpost.ota.Trial;
import io.outpost.ota.UpdateStatus;
import io.outpost.ota.Updater;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.UplinkListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of over-the-air updates: the health gate at every start (a release on trial is
 * confirmed once the uplink is up, and the daemon asks for a restart when the deadline passes first),
 * the updater when the config has an {@code ota} section, the commands ({@code P/cmd/ota}; locally also
 * {@code ota-status} and {@code ota-rollback}), and the restart request {@code outpost run} exits on.
 */
final class OverTheAir implements AutoCloseable {

    /** EX_TEMPFAIL: not 0 and not 143, so the unit's Restart=on-failure starts the daemon again. */
    static final int RESTART_EXIT_CODE = 75;

    private static final Logger log = LoggerFactory.getLogger(OverTheAir.class);

    private final Releases releases;
    private final HealthGate gate;
    private final Optional<Updater> updater;
    private final CompletableFuture<String> restart = new CompletableFuture<>();

    OverTheAir(Optional<OtaConfig> config, Path dataDir, String runningVersion, OtaEvents events) {
        Map<String, String> env = System.getenv();
        Path dir = HealthGate.releasesDir(dataDir, env);
        this.releases = new Releases(dir);
        this.gate = new HealthGate(releases, HealthGate.runningRelease(dir, env), events);
        this.updater = config.map(c -> new Updater(releases, c, runningVersion, events,
                () -> restart.complete("restarting into the release just installed")));
    }

    /** Reads the trial and a rollback the launcher made; a failure here never stops the daemon. */
    void start(ScheduledExecutorService timer) {
        try {
            gate.start();
        } catch (IOException e) {
            log.warn("event=ota-trial-unreadable error=\"{}\"", e.getMessage());
            return;
        }
        // a second past it: the launcher compares whole seconds, and must find the deadline passed
        gate.deadline().ifPresent(deadline -> timer.schedule(this::deadlinePassed,
                Math.max(0, Duration.between(Instant.now(), deadline.plusSeconds(1)).toMillis()), TimeUnit.MILLISECONDS));
    }

    private void deadlinePassed() {
        if (gate.onTrial()) {
            log.warn("event=ota-health-deadline-missed release={}", releases.dir());
            restart.complete("not healthy by the update's deadline: the next start rolls back to the previous release");
        }
    }

    /** The uplink is up: with config loaded and store open before it, the gateway is healthy. */
    UplinkListener linkListener() {
        return new UplinkListener() {
            @Override
            public void linkStateChanged(LinkState state, String reason) {
                if (state == LinkState.UP && gate.onTrial()) {
                    try {
                        gate.healthy();
                    } catch (IOException e) {
                        log.warn("event=ota-confirm-failed error=\"{}\"", e.getMessage());
                    }
                }
            }
        };
    }

    /** Completes with why, when the daemon should exit with {@link #RESTART_EXIT_CODE}. */
    CompletableFuture<String> restartRequested() {
        return restart;
    }

    /** {@code P/cmd/ota} and the admin socket's {@code ota}: a manifest. */
    CommandHandler apply() {
        return new CommandHandler() {
            @Override
            public Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException {
                Updater u = updater.orElseThrow(() -> new CommandRefusedException(
                        "over-the-air updates are off: the config has no ota section (ota.public_key_file)"));
                try {
                    return Map.of("result", u.accept(ManifestParser.parse(request)));
                } catch (OtaRefusal e) {
                    throw new CommandRefusedException(e.getMessage());
                }
            }

            @Override
            public List<String> fields() {
                return ManifestParser.members();
            }
        };
    }

    /** The release before the current one, for the reported twin; empty when there is none or it cannot be read. */
    Optional<String> previousVersion() {
        try {
            return releases.previous();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    CommandHandler status() {
        return request -> {
            Map<String, Object> reply = new LinkedHashMap<>();
            try {
                reply.put("current", releases.current().orElse(Trial.PACKAGED));
                reply.put("previous", releases.previous().orElse(""));
                reply.put("on_trial", Trial.read(releases.dir()).map(Trial::version).orElse(""));
            } catch (IOException e) {
                throw new CommandRefusedException("the releases in " + releases.dir() + " cannot be read: " + e.getMessage());
            }
            reply.put("updates", updater.isPresent() ? "on" : "off (no ota section)");
            UpdateStatus s = updater.map(Updater::status).orElse(null);
            if (s != null) {
                reply.put("state", s.state().name().toLowerCase(Locale.ROOT));
                reply.put("version", s.version());
                reply.put("bytes", s.bytes());
                reply.put("size", s.size());
                reply.put("message", s.message());
            }
            return reply;
        };
    }

    CommandHandler rollback() {
        return request -> {
            Updater u = updater.orElseThrow(() -> new CommandRefusedException(
                    "over-the-air updates are off: the config has no ota section"));
            try {
                return Map.of("result", u.rollback());
            } catch (OtaRefusal | IOException e) {
                throw new CommandRefusedException(e.getMessage());
            }
        };
    }

    @Override
    public void close() {
        updater.ifPresent(Updater::close);
    }
}
