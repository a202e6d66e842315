package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * systemd 252 of a {@link BookwormRoot}, booted as PID 1 of its own PID, mount, UTS and IPC namespaces
 * (unshare, then chroot into the root bound on itself, so its mounts live and die with the namespace
 * and the host's are never touched): the real service manager, to start the packaged unit as a
 * gateway's would, with its Type=notify, watchdog, sandboxing and restarts. Commands reach it through
 * nsenter; it ends with {@code systemctl poweroff --force --force}, which ends the namespace.
 */
final class BootedSystemd implements AutoCloseable {

    private static final String PATH = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private final Process unshare;
    private final long pid1;

    private BootedSystemd(Process unshare, long pid1) {
        this.unshare = unshare;
        this.pid1 = pid1;
    }

    static BootedSystemd boot(Path root, Path console) throws Exception {
        Command.require("unshare", "util-linux");
        Command.require("nsenter", "util-linux");
        Process unshare = new ProcessBuilder("unshare", "--pid", "--fork", "--mount", "--propagation", "private", "--uts", "--ipc",
                "sh", "-c", "mount --bind \"$0\" \"$0\" && mount --rbind /dev \"$0/dev\" && mount --rbind /sys \"$0/sys\""
                        + " && mount -t proc proc \"$0/proc\" && exec chroot \"$0\" /lib/systemd/systemd --system", root.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        long pid1 = -1;
        while (pid1 < 0 && System.nanoTime() < deadline && unshare.isAlive()) {
            pid1 = unshare.children().filter(p -> p.info().command().map(c -> c.endsWith("systemd")).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            Thread.sleep(100);
        }
        if (pid1 < 0) {
            unshare.destroyForcibly();
            fail("systemd did not start in " + root + ":\n" + Files.readString(console, StandardCharsets.UTF_8));
        }
        BootedSystemd systemd = new BootedSystemd(unshare, pid1);
        systemd.awaitManager(deadline);
        return systemd;
    }

    /**
     * Until the manager answers on its private socket. Not until the boot's jobs are done: in a
     * container some wait out their timeouts (devices that never appear), and the unit under test
     * does not need them.
     */
    private void awaitManager(long deadline) throws Exception {
        String state = "";
        while (System.nanoTime() < deadline) {
            state = run("systemctl", "is-system-running").output().trim();
            if (state.equals("initializing") || state.equals("starting") || state.equals("running") || state.equals("degraded")) {
                return;
            }
            Thread.sleep(250);
        }
        fail("systemd did not answer within " + BOOT_TIMEOUT.toSeconds() + " s: " + state);
    }

    Command.Result run(String... command) throws Exception {
        List<String> full = Command.list("nsenter", "--target", Long.toString(pid1), "--mount", "--pid", "--uts", "--ipc",
                "--root", "--wd", "env", "-i", PATH, "LANG=C.UTF-8", "HOME=/root");
        full.addAll(List.of(command));
        return Command.run(BookwormRoot.COMMAND_TIMEOUT, Map.of(), full);
    }

    /** {@code command} as {@code user}, with that user's groups. */
    Command.Result runAs(String user, String... command) throws Exception {
        List<String> full = Command.list("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--");
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** One property of a unit, as {@code systemctl show --value} gives it. */
    String show(String unit, String property) throws Exception {
        return run("systemctl", "show", "--property", property, "--value", unit).ok().trim();
    }

    /** A pid inside (as systemctl shows it) as the host sees it, for /proc on this side. */
    long hostPid(long innerPid) throws Exception {
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            Path status = Path.of("/proc", Long.toString(p.pid()), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    // NSpid: the pid in each nested namespace, the innermost last
                    if (line.startsWith("NSpid:")) {
                        String[] pids = line.substring(6).trim().split("\\s+");
                        if (pids.length > 1 && pids[pids.length - 1].equals(Long.toString(innerPid)) && isOurs(p)) {
                            return p.pid();
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended meanwhile
            }
        }
        fail("no process " + innerPid + " in the booted root");
        return -1;
    }

    private boolean isOurs(ProcessHandle p) {
        for (ProcessHandle up = p; up != null; up = up.parent().orElse(null)) {
            if (up.pid() == pid1) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        run("systemctl", "poweroff", "--force", "--force");
        if (!unshare.waitFor(60, TimeUnit.SECONDS)) {
            ProcessHandle.of(pid1).ifPresent(ProcessHandle::destroyForcibly);
            unshare.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
