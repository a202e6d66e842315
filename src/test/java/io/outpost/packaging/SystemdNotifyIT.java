package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.outpost.manage.AdminClient;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon of the amd64 package's release, started the way systemd starts a Type=notify service
 * with a watchdog: {@code NOTIFY_SOCKET} (a real datagram socket here, bound with SO_PASSCRED),
 * {@code WATCHDOG_USEC}. It must say READY=1 once it runs, keep WATCHDOG=1 coming while it idles,
 * and stop sending it while its store writer hangs. The hang is real: the JVM's debugger interface
 * (JDWP) suspends the {@code store-writer} thread and nothing else, as a stuck fsync or lock would
 * stop it; the daemon is not told.
 */
class SystemdNotifyIT {

    /** systemd's WatchdogSec, shortened: WATCHDOG=1 then comes every 2/3 s, a stall counts after 1 s past its promise. */
    private static final Duration WATCHDOG = Duration.ofSeconds(2);

    @Test
    void readyOnceRunningThenWatchdogWhileIdleAndNoWatchdogWhileTheStoreWriterHangs(@TempDir Path dir) throws Exception {
        int debugPort = FreePorts.loopback();
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify.sock"));
                ReleaseDaemon daemon = ReleaseDaemon.start(Packages.release("amd64"), dir, Map.of(
                        "NOTIFY_SOCKET", systemd.socket().toString(),
                        "WATCHDOG_USEC", Long.toString(WATCHDOG.toNanos() / 1000),
                        "JDK_JAVA_OPTIONS", Debugger.agent(debugPort)))) {
            NotifyReceiver.Notification ready = systemd.await("READY=1", Duration.ofSeconds(60));
            assertEquals(daemon.pid(), ready.pid(), "READY=1 must come from the main pid (NotifyAccess=main)");
            assertTrue(ready.statusContains("1 of 1 sources up"), ready.toString());
            // READY=1 came after the start: the store is open, the sources run and the admin socket answers.
            assertTrue(AdminClient.request(daemon.adminSocket(), "status", Duration.ofSeconds(10)).contains("\"ok\":true"));

            for (int i = 0; i < 3; i++) {
                assertEquals(daemon.pid(), systemd.await("WATCHDOG=1", Duration.ofSeconds(5)).pid());
            }

            VirtualMachine vm = Debugger.attach(debugPort);
            try {
                ThreadReference writer = Debugger.thread(vm, "store-writer");
                writer.suspend();
                // the stall counts once the writer's promise (at most 1 s) and the grace (1 s) are over
                systemd.during(Duration.ofSeconds(3));
                List<NotifyReceiver.Notification> whileHung = systemd.during(Duration.ofSeconds(5));
                assertTrue(whileHung.stream().noneMatch(n -> n.has("WATCHDOG=1")),
                        "WATCHDOG=1 kept coming while the store writer hung:\n" + systemd.history());
                assertTrue(whileHung.stream().anyMatch(n -> n.statusContains("stalled: store-writer"))
                        || systemd.history().contains("STATUS=stalled: store-writer"), systemd.history());
                assertTrue(daemon.output().contains("event=watchdog-withheld stalled=\"store-writer"), daemon.output());

                writer.resume();
                systemd.await("WATCHDOG=1", Duration.ofSeconds(5));
                Await.until("the daemon logs that the watchdog resumed", () -> daemon.output().contains("event=watchdog-resumed"));
            } finally {
                vm.dispose();
            }

            assertEquals(143, daemon.terminate(), "SIGTERM ends the JVM with 143 (SuccessExitStatus=143):\n" + daemon.output());
            systemd.await("STOPPING=1", Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutNotifySocketTheDaemonSaysSoOnceAndRuns(@TempDir Path dir) throws Exception {
        try (ReleaseDaemon daemon = ReleaseDaemon.start(Packages.release("amd64"), dir, Map.of())) {
            Await.until("the admin socket answers", Duration.ofSeconds(60), () -> answers(daemon), daemon::output);
            assertEquals(1, count(daemon.output(), "event=systemd-notify-off reason=\"NOTIFY_SOCKET unset"), daemon.output());
            assertEquals(143, daemon.terminate());
        }
    }

    @Test
    void withoutTheNativeSenderTheDaemonSaysSoOnceSendsNothingAndRuns(@TempDir Path dir) throws Exception {
        Path release = releaseWithoutNotifyLibrary(dir.resolve("release"));
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify.sock"));
                ReleaseDaemon daemon = ReleaseDaemon.start(release, dir, Map.of("NOTIFY_SOCKET", systemd.socket().toString(),
                        "WATCHDOG_USEC", Long.toString(WATCHDOG.toNanos() / 1000)))) {
            Await.until("the admin socket answers", Duration.ofSeconds(60), () -> answers(daemon), daemon::output);
            assertEquals(1, count(daemon.output(), "event=systemd-notify-off reason=\"" + release.resolve("lib/native/liboutpost-notify.so")
                    + " is missing"), daemon.output());
            assertEquals(List.of(), systemd.during(WATCHDOG), "nothing may be sent without the native sender");
            assertEquals(143, daemon.terminate());
        }
    }

    /** The amd64 release with every file linked but liboutpost-notify.so, as an install that lost it. */
    private static Path releaseWithoutNotifyLibrary(Path copy) throws Exception {
        Path release = Packages.release("amd64");
        try (Stream<Path> walk = Files.walk(release)) {
            for (Path file : walk.toList()) {
                Path target = copy.resolve(release.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.getFileName().toString().equals("outpost")) {
                    Files.copy(file, target); // the launcher finds its release from its own path, not its link's target
                } else if (!file.getFileName().toString().equals("liboutpost-notify.so")) {
                    Files.createSymbolicLink(target, file);
                }
            }
        }
        return copy;
    }

    private static boolean answers(ReleaseDaemon daemon) {
        try {
            return AdminClient.request(daemon.adminSocket(), "status", Duration.ofSeconds(5)).contains("\"ok\":true");
        } catch (Exception e) {
            if (!daemon.alive()) {
                fail("outpost run ended:\n" + daemon.output());
            }
            return false;
        }
    }

    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }


}
