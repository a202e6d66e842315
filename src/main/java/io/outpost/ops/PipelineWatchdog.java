package io.outpost.ops;

import io.outpost.threads.DaemonThreads;
import io.outpost.threads.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code WATCHDOG=1} while the pipeline is alive ({@link PipelineLiveness}), and withholds it
 * while a loop is stalled, so that a wedged store writer or uplink gets the daemon restarted by
 * systemd ({@code WatchdogSec=}, {@code Restart=on-failure}) instead of running on, polling into a
 * queue nobody writes. A bare timer would keep a wedged daemon alive forever.
 *
 * <p>Runs on its own thread, {@code systemd-notify}, only when notifications go somewhere: three
 * checks per watchdog timeout (a lost datagram or a late tick still leaves one in time), or one every
 * {@link #STATUS_EVERY} for the {@code STATUS=} line when systemd asked for no watchdog. A loop may be
 * silent half the timeout beyond what it promised before it counts as stalled; a stalled loop is
 * therefore noticed within about 1.5 timeouts of its last beat, and systemd stops it within two
 * timeouts of the last beat.
 */
public final class PipelineWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineWatchdog.class);
    static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    /** The grace when systemd asked for no watchdog: only the STATUS= line uses it then. */
    private static final Duration GRACE_WITHOUT_WATCHDOG = Duration.ofSeconds(15);

    private final SystemdNotify systemd;
    private final PipelineLiveness liveness;
    private final Supplier<String> status;
    private final ScheduledExecutorService timer;
    /** {@code systemd-notify} thread only. */
    private List<PipelineLiveness.Stall> stalled = List.of();
    private String lastStatus = "";

    private PipelineWatchdog(SystemdNotify systemd, PipelineLiveness liveness, Supplier<String> status,
            ScheduledExecutorService timer) {
        this.systemd = systemd;
        this.liveness = liveness;
        this.status = status;
        this.timer = timer;
    }

    /**
     * Starts checking {@code parts}; {@code status} is the running daemon's one-line summary for
     * {@code systemctl status}. Starts no thread when {@code systemd} is off.
     */
    public static PipelineWatchdog start(SystemdNotify systemd, List<Heartbeat> parts, Supplier<String> status) {
        Objects.requireNonNull(status, "status");
        Duration grace = systemd.watchdogTimeout().map(t -> t.dividedBy(2)).orElse(GRACE_WITHOUT_WATCHDOG);
        PipelineLiveness liveness = new PipelineLiveness(parts, grace.toNanos());
        if (!systemd.active()) {
            return new PipelineWatchdog(systemd, liveness, status, null);
        }
        long every = systemd.watchdogTimeout().map(t -> t.dividedBy(3)).orElse(STATUS_EVERY).toNanos();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("systemd-notify"));
        PipelineWatchdog watchdog = new PipelineWatchdog(systemd, liveness, status, timer);
        timer.scheduleAtFixedRate(watchdog::checkSafely, every, every, TimeUnit.NANOSECONDS);
        return watchdog;
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // A defect in the status line must not end the checks: the next tick tries again.
            log.warn("event=watchdog-check-failed error=\"{}\"", e.toString());
        }
    }

    private void check() {
        List<PipelineLiveness.Stall> now = liveness.stalls(System.nanoTime());
        if (now.isEmpty()) {
            if (systemd.watchdogTimeout().isPresent()) {
                systemd.watchdog();
            }
            if (!stalled.isEmpty()) {
                log.info("event=watchdog-resumed");
            }
            stalled = now;
            updateStatus(status.get());
            return;
        }
        if (!names(now).equals(names(stalled))) {
            log.warn("event=watchdog-withheld stalled=\"{}\" effect=\"{}\"", describe(now),
                    systemd.watchdogTimeout().isPresent() ? "systemd restarts the daemon unless the loops come back"
                            : "none: systemd asked for no watchdog");
        }
        stalled = now;
        updateStatus("stalled: " + describe(now));
    }

    private void updateStatus(String text) {
        if (!text.equals(lastStatus)) {
            systemd.status(text);
            lastStatus = text;
        }
    }

    private static String describe(List<PipelineLiveness.Stall> stalls) {
        return stalls.stream().map(PipelineLiveness.Stall::toString).collect(Collectors.joining(", "));
    }

    private static List<String> names(List<PipelineLiveness.Stall> stalls) {
        return stalls.stream().map(PipelineLiveness.Stall::part).toList();
    }

    /** Stops the checks; before {@code STOPPING=1}, since a stopping daemon's loops end. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
