package io.outpost.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifyTest {

    @Test
    void withoutNotifySocketNothingIsSentAndNoWatchdogIsKept() {
        SystemdNotify systemd = SystemdNotify.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), Optional.empty());

        assertFalse(systemd.active());
        assertEquals(Optional.empty(), systemd.watchdogTimeout());
    }

    @Test
    void withoutTheNativeSenderTheDaemonRunsWithNotificationsOff(@TempDir Path release) {
        SystemdNotify systemd = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"),
                Optional.of(release));

        assertFalse(systemd.active());
    }

    @Test
    void theWatchdogTimeoutIsWatchdogUsecForThisProcessOnly() {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                SystemdNotify.watchdogTimeout(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                SystemdNotify.watchdogTimeout(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.empty(),
                SystemdNotify.watchdogTimeout(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42));
        assertEquals(Optional.empty(), SystemdNotify.watchdogTimeout(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertEquals(Optional.empty(), SystemdNotify.watchdogTimeout(Map.of(), 42));
    }
}
