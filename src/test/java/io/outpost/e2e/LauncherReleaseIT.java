package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's seam for over-the-air updates: it hands over to {@code <releases>/current} when that
 * leads to a release not marked bad (and, for root, owned by root), else runs its own release. The
 * over-the-air releases here are stand-in launchers that say who they are.
 */
class LauncherReleaseIT {

    @Test
    void runsTheCurrentReleaseWhenThereIsOne(@TempDir Path dir) throws Exception {
        Path releases = release(dir, "1.4.0");
        Files.createSymbolicLink(releases.resolve("current"), Path.of("1.4.0"));

        String out = launch(releases, "version");
        assertTrue(out.startsWith("release 1.4.0 chosen=" + releases.resolve("1.4.0").toRealPath() + " args=version"), out);
    }

    @Test
    void runsItsOwnReleaseWithoutCurrentOrWhenCurrentIsMarkedBad(@TempDir Path dir) throws Exception {
        Path releases = release(dir, "1.4.0");
        assertTrue(launch(releases, "version").startsWith("outpost "), "no current link: the packaged release");

        Files.createSymbolicLink(releases.resolve("current"), Path.of("1.4.0"));
        Files.createFile(releases.resolve("1.4.0/bad"));
        String out = launch(releases, "version");
        assertTrue(out.startsWith("outpost "), "a release marked bad is not run: " + out);
    }

    @Test
    void rootRunsOnlyAReleaseRootOwns(@TempDir Path dir) throws Exception {
        Path releases = release(dir, "1.4.0");
        Files.createSymbolicLink(releases.resolve("current"), Path.of("1.4.0"));
        boolean root = new ProcessBuilder("id", "-u").start().inputReader().readLine().trim().equals("0");
        if (root) {
            // what the daemon's user would leave: its own files, which root must not run
            assertEquals(0, new ProcessBuilder("chown", "-R", "65534", releases.resolve("1.4.0").toString()).start().waitFor());
            assertTrue(launch(releases, "version").startsWith("outpost "), "root ran a release another user owns");
        } else {
            assertTrue(launch(releases, "version").startsWith("release 1.4.0"), "the owner rule is root's alone");
        }
    }

    private static Path release(Path dir, String version) throws Exception {
        Path releases = Files.createDirectories(dir.resolve("releases"));
        Path launcher = Files.createDirectories(releases.resolve(version).resolve("bin")).resolve("outpost");
        Files.writeString(launcher, "#!/bin/sh\necho \"release " + version + " chosen=$OUTPOST_RELEASE_CHOSEN args=$*\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return releases;
    }

    private static String launch(Path releases, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(DaemonProcess.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OUTPOST_RELEASES", releases.toString());
        builder.environment().remove("OUTPOST_RELEASE_CHOSEN");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
