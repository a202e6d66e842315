package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged unit under real systemd ({@link BootedSystemd} in a {@link BookwormRoot} with the amd64
 * package installed): it comes up as Type=notify with its status line, runs sandboxed as the unit
 * says, serves an operator's {@code outpost status} on the socket systemd's RuntimeDirectory holds,
 * is restarted by systemd when its store writer hangs (the watchdog), and stops cleanly. One drop-in
 * shortens WatchdogSec to 4 s and opens a debugger port, so the test can hang the thread; the rest is
 * the package's unit as shipped.
 */
class SystemdServiceIT {

    @Test
    void theUnitStartsSandboxedIsRestartedByTheWatchdogWhenTheStoreWriterHangsAndStopsCleanly() throws Exception {
        int debugPort = FreePorts.loopback();
        Path console = Files.createTempFile("outpost-systemd-console-", ".log");
        try (BookwormRoot root = BookwormRoot.unpack(Files.createTempDirectory("outpost-systemd-"))) {
            String deb = "/tmp/" + Packages.deb("amd64").getFileName();
            Files.copy(Packages.deb("amd64"), root.path(deb));
            root.run("apt-get", "install", "-y", deb).ok();
            root.run("adduser", "--quiet", "--disabled-password", "--gecos", "", "fieldop").ok();
            root.run("adduser", "--quiet", "fieldop", "outpost").ok();
            Path dropIn = root.path("/etc/systemd/system/outpost.service.d/test.conf");
            Files.createDirectories(dropIn.getParent());
            Files.writeString(dropIn, "[Service]\nWatchdogSec=4s\nEnvironment=JDK_JAVA_OPTIONS=" + Debugger.agent(debugPort) + "\n",
                    StandardCharsets.UTF_8);

            try (BootedSystemd systemd = BootedSystemd.boot(root.path("/"), console)) {
                // enabled on install: the boot starts it
                Await.until("outpost.service active", Duration.ofSeconds(90),
                        () -> state(systemd).equals("active/running"), () -> state(systemd) + " " + journal(systemd));
                assertTrue(systemd.show("outpost.service", "StatusText").startsWith("running: 1 of 1 sources up"),
                        systemd.show("outpost.service", "StatusText"));
                long mainPid = Long.parseLong(systemd.show("outpost.service", "MainPID"));

                long hostPid = systemd.hostPid(mainPid);
                String proc = Files.readString(Path.of("/proc", Long.toString(hostPid), "status"));
                assertTrue(proc.contains("NoNewPrivs:\t1"), "NoNewPrivileges=yes:\n" + proc);
                assertTrue(proc.contains("CapBnd:\t0000000000000000"), "CapabilityBoundingSet= (none):\n" + proc);
                assertTrue(proc.contains("Seccomp:\t2"), "SystemCallFilter= (a seccomp filter):\n" + proc);
                // In the daemon's own mount namespace (ProtectSystem=strict), even root writes only where the unit allows.
                Command.Result system = Command.run(BookwormRoot.COMMAND_TIMEOUT, "nsenter", "--target", Long.toString(hostPid),
                        "--mount", "--root", "--", "touch", "/usr/lib/outpost/probe");
                assertTrue(system.exitCode() != 0 && system.output().contains("Read-only file system"), system.output());
                Command.run(BookwormRoot.COMMAND_TIMEOUT, "nsenter", "--target", Long.toString(hostPid), "--mount", "--root", "--",
                        "touch", "/var/lib/outpost/probe").ok();

                String status = systemd.runAs("fieldop", "outpost", "status").ok();
                assertTrue(status.contains("gateway outpost-demo"), status);

                VirtualMachine vm = Debugger.attach(debugPort);
                ThreadReference writer = Debugger.thread(vm, "store-writer");
                writer.suspend();
                Await.until("systemd restarts the daemon", Duration.ofSeconds(60),
                        () -> restarts(systemd) >= 1 && state(systemd).equals("active/running"), () -> state(systemd) + " " + journal(systemd));
                try {
                    vm.dispose();
                } catch (RuntimeException gone) {
                    // the JVM it was attached to was killed: nothing to detach from
                }
                String journal = journal(systemd);
                assertTrue(journal.contains("event=watchdog-withheld stalled=\"store-writer"), journal);
                assertTrue(journal.contains("outpost.service: Watchdog timeout (limit 4s)!"), journal);
                assertTrue(Long.parseLong(systemd.show("outpost.service", "MainPID")) != mainPid, "the same process runs on");

                systemd.run("systemctl", "stop", "outpost.service").ok();
                assertEquals("inactive/dead", state(systemd));
                assertEquals("success", systemd.show("outpost.service", "Result"), "exit 143 on SIGTERM is a clean stop");
            }
        } finally {
            Files.deleteIfExists(console);
        }
    }

    private static String state(BootedSystemd systemd) {
        try {
            return systemd.show("outpost.service", "ActiveState") + "/" + systemd.show("outpost.service", "SubState");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int restarts(BootedSystemd systemd) {
        try {
            return Integer.parseInt(systemd.show("outpost.service", "NRestarts"));
        } catch (Exception e) {
            return -1;
        }
    }

    private static String journal(BootedSystemd systemd) {
        try {
            return systemd.run("journalctl", "--no-pager", "--unit", "outpost.service").output();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
