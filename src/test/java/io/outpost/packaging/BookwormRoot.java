package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Debian bookworm root (amd64, minbase, with a JRE, adduser and systemd) made by mmdebstrap from the
 * Debian archive, cached as a tarball between runs (made again, slower, when the cache is empty), and
 * unpacked fresh for each test class into a folder of its own, {@code /proc} mounted. Commands run in
 * it through chroot with a clean environment. Needs root: chroot, mount and the owners of the files
 * the package makes are root's to set.
 */
final class BookwormRoot implements AutoCloseable {

    static final String SUITE = "bookworm";
    static final List<String> INCLUDE = List.of("openjdk-17-jre-headless", "adduser", "systemd");
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration MAKE_TIMEOUT = Duration.ofMinutes(20);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;

    private BookwormRoot(Path dir) {
        this.dir = dir;
    }

    /** {@code OUTPOST_CI_CACHE}, else /var/cache/outpost-ci: outside the clone, so a clean clone reuses it. */
    static Path cacheDir() {
        String dir = System.getenv("OUTPOST_CI_CACHE");
        return Path.of(dir != null && !dir.isBlank() ? dir : "/var/cache/outpost-ci");
    }

    /** {@code OUTPOST_CI_MIRROR}, else the Debian archive. */
    static String mirror() {
        String mirror = System.getenv("OUTPOST_CI_MIRROR");
        return mirror != null && !mirror.isBlank() ? mirror : "http://deb.debian.org/debian";
    }

    static BookwormRoot unpack(Path dir) throws Exception {
        requirePrerequisites();
        Path tarball = cached();
        Files.createDirectories(dir);
        Command.run(COMMAND_TIMEOUT, "tar", "--numeric-owner", "-xf", tarball.toString(), "-C", dir.toString()).ok();
        Command.run(COMMAND_TIMEOUT, "mount", "-t", "proc", "proc", dir.resolve("proc").toString()).ok();
        return new BookwormRoot(dir);
    }

    private static void requirePrerequisites() throws Exception {
        String uid = Command.run(COMMAND_TIMEOUT, "id", "-u").ok().trim();
        if (!uid.equals("0")) {
            fail("the install test needs root (uid " + uid + "): it unpacks a Debian root, mounts /proc in it and runs dpkg "
                    + "there through chroot. Run the test command as root; .ci/run does on CI");
        }
        Command.require("mmdebstrap", "mmdebstrap");
        Command.require("chroot", "coreutils");
        Command.require("mount", "mount");
    }

    /** The cached root for this suite and package list, made first when missing; one maker at a time. */
    private static Path cached() throws Exception {
        Path cache = Files.createDirectories(cacheDir());
        String key = SUITE + " amd64 minbase " + String.join(",", INCLUDE);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        Path tarball = cache.resolve(SUITE + "-amd64-" + hash.substring(0, 12) + ".tar");
        try (FileChannel lockFile = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (!Files.isRegularFile(tarball)) {
                Path making = cache.resolve(tarball.getFileName() + ".making");
                Files.deleteIfExists(making);
                List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase", "--architectures=amd64",
                        "--include=" + String.join(",", INCLUDE), "--format=tar", SUITE, making.toString(), mirror()));
                System.out.println("no cached " + SUITE + " root in " + cache + ": making one (a few minutes): " + String.join(" ", command));
                Command.run(MAKE_TIMEOUT, Map.of(), command).ok();
                Files.move(making, tarball, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return tarball;
    }

    /** {@code path} (absolute inside the root) on this machine. */
    Path path(String path) {
        return dir.resolve(path.substring(1));
    }

    /** Runs {@code command} as root inside, environment cleared. */
    Command.Result run(String... command) throws Exception {
        List<String> full = Command.list("chroot", dir.toString(), "env", "-i", PATH, "LANG=C.UTF-8", "HOME=/root",
                "DEBIAN_FRONTEND=noninteractive");
        full.addAll(List.of(command));
        return Command.run(COMMAND_TIMEOUT, Map.of(), full);
    }

    /** Runs {@code command} inside as {@code user}, with that user's groups (what a login would give it). */
    Command.Result runAs(String user, String... command) throws Exception {
        return Command.run(COMMAND_TIMEOUT, Map.of(), asUser(user, command));
    }

    /** Starts {@code command} inside as {@code user}; setpriv and env exec, so the process is the command's. */
    Process start(String user, Path log, String... command) throws IOException {
        return new ProcessBuilder(asUser(user, command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private List<String> asUser(String user, String... command) {
        List<String> full = Command.list("chroot", dir.toString(), "env", "-i", PATH, "LANG=C.UTF-8", "HOME=/tmp",
                "setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--");
        full.addAll(List.of(command));
        return full;
    }

    @Override
    public void close() throws Exception {
        if (Command.run(COMMAND_TIMEOUT, "umount", dir.resolve("proc").toString()).exitCode() != 0) {
            Command.run(COMMAND_TIMEOUT, "umount", "--lazy", dir.resolve("proc").toString()).ok();
        }
        Command.run(COMMAND_TIMEOUT, "rm", "-rf", "--one-file-system", dir.toString()).ok();
    }
}
