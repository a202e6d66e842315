package io.outpost.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code outpost} from the built distribution ({@code target/dist/bin/outpost}, the launcher with
 * its real JVM options) as a child process, its output in a file for the failure message.
 */
public final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The distribution the build made; failsafe passes its path. */
    public static Path launcher() {
        String dist = System.getProperty("outpost.dist", "target/dist");
        Path launcher = Path.of(dist, "bin", "outpost");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing: run the end-to-end tests with mvn verify");
        }
        return launcher;
    }

    public static DaemonProcess start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** With {@code env} added to the environment (OUTPOST_RELEASES, OUTPOST_CONFIG). */
    public static DaemonProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("OUTPOST_CONFIG");
        builder.environment().remove("OUTPOST_RELEASE_CHOSEN");
        builder.environment().putAll(env);
        return new DaemonProcess(builder.start(), log);
    }

    /** Runs a CLI command to completion; returns its exit code and output. */
    public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "cli-", ".out");
        try (DaemonProcess cli = start(log, args)) {
            if (!cli.process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("outpost " + String.join(" ", args) + " did not finish in 120 s:\n" + cli.output());
            }
            return new Result(cli.process.exitValue(), cli.output());
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut for the process. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(java.time.Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM and wait: the daemon's orderly stop. Returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("daemon did not stop within 60 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(log);
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

    public record Result(int exitCode, String output) {
    }
}
