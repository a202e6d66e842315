package io.outpost.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of {@code sd_notify(3)} for {@code Type=notify}: {@code READY=1} once the
 * gateway runs, {@code STATUS=} lines for {@code systemctl status}, {@code WATCHDOG=1} from the
 * {@link PipelineWatchdog}, {@code STOPPING=1} and {@code RELOADING=1}. Off (every call a no-op) when
 * the daemon was not started by systemd ({@code NOTIFY_SOCKET} unset) or the native sender is not
 * installed; either way one log line says so, at start.
 *
 * <p>A failed send is logged once, and again only after a send worked: systemd restarting under
 * the daemon must not fill the journal.
 */
public final class SystemdNotify {

    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    private final Notify notify;
    private final Optional<Duration> watchdog;
    private final AtomicBoolean failing = new AtomicBoolean();

    private SystemdNotify(Notify notify, Optional<Duration> watchdog) {
        this.notify = notify;
        this.watchdog = watchdog;
    }

    /** Notifications to nobody. */
    public static SystemdNotify off() {
        return new SystemdNotify(Notify.NONE, Optional.empty());
    }

    /**
     * From the environment systemd gives a service ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC},
     * {@code WATCHDOG_PID}) and the release's {@code lib/native}, if any; logs one line either way.
     */
    public static SystemdNotify fromEnvironment(Map<String, String> env, Optional<Path> nativeDir) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return off("NOTIFY_SOCKET unset: not started by systemd, nothing to notify");
        }
        if (nativeDir.isEmpty()) {
            return off("no lib/native in this release (not an installed release): READY=1 and WATCHDOG=1 are not sent");
        }
        Path library = nativeDir.get().resolve(NativeNotify.LIBRARY);
        if (!Files.isRegularFile(library)) {
            return off(library + " is missing: READY=1 and WATCHDOG=1 are not sent; reinstall the package");
        }
        Notify notify;
        try {
            notify = NativeNotify.load(library, socket);
        } catch (UnsatisfiedLinkError e) {
            return off(library + " does not load (" + e.getMessage() + "): READY=1 and WATCHDOG=1 are not sent");
        }
        Optional<Duration> watchdog = watchdogTimeout(env, ProcessHandle.current().pid());
        log.info("event=systemd-notify socket={} watchdog_ms={}", socket, watchdog.map(Duration::toMillis).orElse(0L));
        return new SystemdNotify(notify, watchdog);
    }

    private static SystemdNotify off(String reason) {
        log.info("event=systemd-notify-off reason=\"{}\"", reason);
        return off();
    }

    /** {@code WATCHDOG_USEC}, unless {@code WATCHDOG_PID} names another process (as {@code sd_watchdog_enabled}). */
    static Optional<Duration> watchdogTimeout(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        try {
            if (usec == null || (forPid != null && Long.parseLong(forPid.trim()) != pid)) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros))) : Optional.empty();
        } catch (NumberFormatException e) {
            log.warn("event=systemd-watchdog-ignored reason=\"WATCHDOG_USEC={} WATCHDOG_PID={} are not numbers\"", usec, forPid);
            return Optional.empty();
        }
    }

    /** True when notifications go somewhere. */
    public boolean active() {
        return notify != Notify.NONE;
    }

    /** The watchdog timeout systemd expects {@code WATCHDOG=1} within ({@code WatchdogSec=}); empty when off. */
    public Optional<Duration> watchdogTimeout() {
        return watchdog;
    }

    /** Start-up is over: the store is open and the sources started. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** The pipeline is alive: see {@link PipelineWatchdog}, the only caller. */
    void watchdog() {
        send("WATCHDOG=1");
    }

    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    /**
     * A config reload begins; {@link #ready} ends it. {@code MONOTONIC_USEC} is CLOCK_MONOTONIC, which
     * is what {@code System.nanoTime()} reads on Linux.
     */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()));
    }

    private void send(String state) {
        try {
            notify.send(state);
            if (failing.compareAndSet(true, false)) {
                log.info("event=systemd-notify-resumed");
            }
        } catch (IOException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("event=systemd-notify-failed error=\"{}\" effect=\"systemd may not see READY=1 or WATCHDOG=1\"",
                        e.getMessage());
            }
        }
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }
}
