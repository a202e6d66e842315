package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's half of the health gate (docs/ota.md): the packaged launcher counts each {@code run}
 * of the release on trial, and past {@code max_attempts} or the deadline marks it bad, points
 * {@code current} back at the previous release and leaves the reason. The releases are stand-in
 * launchers that say who they are and fail, as a release that exits at start-up does.
 */
class LauncherTrialIT {

    @TempDir
    Path dir;

    private Path releases() {
        return dir.resolve("releases");
    }

    private void release(String version, int exit) throws Exception {
        Path launcher = Files.createDirectories(releases().resolve(version).resolve("bin")).resolve("outpost");
        Files.writeString(launcher, "#!/bin/sh\necho \"release " + version + " args=$*\"\nexit " + exit + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void trial(String version, String previous, long deadline, int attempts, int max) throws Exception {
        Files.writeString(releases().resolve("trial"), "version=" + version + "\nprevious=" + previous + "\ndeadline=" + deadline
                + "\nattempts=" + attempts + "\nmax_attempts=" + max + "\n");
        Files.deleteIfExists(releases().resolve("current"));
        Files.createSymbolicLink(releases().resolve("current"), Path.of(version));
    }

    private String launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(DaemonProcess.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OUTPOST_RELEASES", releases().toString());
        builder.environment().remove("OUTPOST_RELEASE_CHOSEN");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void aReleaseThatKeepsFailingIsRolledBackAfterMaxAttempts() throws Exception {
        release("1.1.0", 0);
        release("1.2.0", 1);
        Files.createSymbolicLink(releases().resolve("previous"), Path.of("1.1.0"));
        trial("1.2.0", "1.1.0", Instant.now().getEpochSecond() + 3600, 0, 3);
        for (int i = 1; i <= 3; i++) {
            assertTrue(launch("run").startsWith("release 1.2.0"), "start " + i + " runs the release on trial");
            assertTrue(Files.readString(releases().resolve("trial")).contains("attempts=" + i));
        }
        String out = launch("run");
        assertTrue(out.contains("release 1.2.0 rolled back to 1.1.0: started 3 times"), out);
        assertTrue(out.contains("release 1.1.0 args=run"), out);
        assertEquals("1.1.0", Files.readSymbolicLink(releases().resolve("current")).toString());
        assertTrue(Files.readString(releases().resolve("1.2.0/bad")).contains("started 3 times"));
        assertTrue(Files.readString(releases().resolve("rollback-reason")).startsWith("version=1.2.0\nreason=started 3 times"));
        assertFalse(Files.exists(releases().resolve("trial")));
        assertFalse(Files.exists(releases().resolve("previous")));
        assertTrue(launch("run").startsWith("release 1.1.0"), "and stays there");
    }

    @Test
    void aReleasePastItsDeadlineIsRolledBackAtTheNextStart() throws Exception {
        release("1.1.0", 0);
        release("1.2.0", 0);
        trial("1.2.0", "1.1.0", Instant.now().getEpochSecond() - 1, 1, 3);
        String out = launch("run");
        assertTrue(out.contains("rolled back to 1.1.0: not healthy"), out);
        assertTrue(out.contains("release 1.1.0 args=run"), out);
    }

    @Test
    void otherCommandsCountNothingAndARollbackToThePackagedReleaseRemovesCurrent() throws Exception {
        release("1.2.0", 0);
        trial("1.2.0", "packaged", Instant.now().getEpochSecond() + 3600, 3, 3);
        assertTrue(launch("version").startsWith("release 1.2.0 args=version"));
        assertTrue(Files.readString(releases().resolve("trial")).contains("attempts=3"), "a CLI command is not a start");
        String out = launch("run", "--help");
        assertTrue(out.contains("rolled back to packaged"), out);
        assertTrue(out.contains("Run the gateway daemon in the foreground"), "the packaged release ran: " + out);
        assertFalse(Files.exists(releases().resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aTrialOfAnotherReleaseThanCurrentIsDropped() throws Exception {
        release("1.1.0", 0);
        release("1.2.0", 0);
        trial("1.2.0", "1.1.0", Instant.now().getEpochSecond() + 3600, 0, 3);
        Files.delete(releases().resolve("current"));
        Files.createSymbolicLink(releases().resolve("current"), Path.of("1.1.0"));
        assertTrue(launch("run").startsWith("release 1.1.0"));
        assertFalse(Files.exists(releases().resolve("trial")));
        assertFalse(Files.exists(releases().resolve("1.2.0/bad")));
    }
}
