package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real command run to its end, output and errors together in a file (so a large output never blocks it). */
final class Command {

    record Result(List<String> command, int exitCode, String output) {

        /** The output, after failing with the command and its output unless it exited 0. */
        String ok() {
            if (exitCode != 0) {
                fail(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
            }
            return output;
        }
    }

    private Command() {
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, Map.of(), List.of(command));
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("outpost-command-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(List.copyOf(command), process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Fails, naming the Debian package to install, unless {@code tool} is on the PATH. */
    static void require(String tool, String aptPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is required by this test and is not installed: apt-get install -y " + aptPackage
                + " (README.md names what the test command needs; .ci/run installs it)");
    }

    static List<String> list(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
