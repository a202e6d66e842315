package io.outpost.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code outpost run} from a release tree's own launcher, as systemd starts it, with the simulator's
 * job and a broker address nothing listens on (the uplink connects, is refused and backs off): a
 * daemon that is idle, not wedged.
 */
final class ReleaseDaemon implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Path adminSocket;

    private ReleaseDaemon(Process process, Path log, Path adminSocket) {
        this.process = process;
        this.log = log;
        this.adminSocket = adminSocket;
    }

    static ReleaseDaemon start(Path release, Path dir, Map<String, String> env) throws IOException {
        Path config = dir.resolve("outpost.yaml");
        Path adminSocket = dir.resolve("admin.sock");
        Files.writeString(config, """
                gateway:
                  id: notify-test
                  data_dir: %s
                  admin_socket: %s
                sources:
                  - name: sim
                    type: simulator
                    tags:
                      - { name: wave, signal: sine, period: 10s, amplitude: 1.0, interval: 100ms }
                uplink:
                  url: tcp://127.0.0.1:1
                """.formatted(dir.resolve("data"), adminSocket), StandardCharsets.UTF_8);
        Path log = dir.resolve("daemon.log");
        ProcessBuilder builder = new ProcessBuilder(release.resolve("bin/outpost").toString(), "run", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OUTPOST_") || k.startsWith("NOTIFY_") || k.startsWith("WATCHDOG_"));
        builder.environment().putAll(env);
        return new ReleaseDaemon(builder.start(), log, adminSocket);
    }

    /** The launcher execs the JVM: this is the JVM's pid, the unit's main pid. */
    long pid() {
        return process.pid();
    }

    Path adminSocket() {
        return adminSocket;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as systemctl stop sends; the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("outpost run did not stop within 60 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
