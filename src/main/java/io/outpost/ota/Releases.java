package io.outpost.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of over-the-air releases ({@code data_dir/releases}, the launcher's {@code OUTPOST_RELEASES}):
 * one folder per version, {@code current} and {@code previous} links to two of them, {@code trial}
 * while the current one has not confirmed itself, {@code rollback-reason} left by the launcher when it
 * rolled one back, {@code .partial/} for downloads. Links are switched by making a new link under a
 * temporary name and renaming it over the old (atomic on one file system), so the launcher sees the
 * old release or the new one, never neither. Called from the {@code ota} thread (install, rollback) and
 * at start-up (confirmation); one update at a time.
 */
public final class Releases {

    public static final String CURRENT = "current";
    public static final String PREVIOUS = "previous";
    public static final String BAD = "bad";
    public static final String ROLLBACK_REASON = "rollback-reason";

    private final Path dir;

    public Releases(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The version {@code current} leads to, if any. */
    public Optional<String> current() throws IOException {
        return linked(CURRENT);
    }

    public Optional<String> previous() throws IOException {
        return linked(PREVIOUS);
    }

    private Optional<String> linked(String name) throws IOException {
        Path link = dir.resolve(name);
        return Files.isSymbolicLink(link) ? Optional.of(Files.readSymbolicLink(link).getFileName().toString()) : Optional.empty();
    }

    /**
     * Unpacks {@code archive} as {@code version}, puts it on trial and makes it current, the running
     * release previous, and prunes to those two. A refusal leaves the folder as it was.
     */
    public void install(Path archive, ReleaseVersion version, long maxBytes, Duration trialTime, int maxAttempts)
            throws IOException, OtaRefusal {
        Files.createDirectories(dir);
        String name = version.text();
        Optional<String> running = current();
        if (running.isPresent() && running.get().equals(name)) {
            throw new OtaRefusal(name + " is already the current release");
        }
        Path staging = dir.resolve(".staging-" + name);
        deleteTree(staging);
        try {
            ReleaseArchive.unpack(archive, staging, maxBytes);
            Path tree = releaseRoot(staging);
            Path target = dir.resolve(name);
            deleteTree(target);
            Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
            String previous = running.orElse(Trial.PACKAGED);
            new Trial(name, previous, Instant.now().plus(trialTime), 0, maxAttempts).write(dir);
            if (running.isPresent()) {
                link(PREVIOUS, running.get());
            } else {
                Files.deleteIfExists(dir.resolve(PREVIOUS));
            }
            link(CURRENT, name);
        } finally {
            deleteTree(staging);
        }
        prune();
        Files.deleteIfExists(archive);
    }

    /** The folder holding {@code bin/outpost}: the staging folder itself, or its one top folder (the tarball's). */
    private static Path releaseRoot(Path staging) throws IOException, OtaRefusal {
        if (Files.isExecutable(staging.resolve("bin/outpost"))) {
            return staging;
        }
        List<Path> top;
        try (Stream<Path> s = Files.list(staging)) {
            top = s.toList();
        }
        if (top.size() == 1 && Files.isDirectory(top.get(0), LinkOption.NOFOLLOW_LINKS)
                && Files.isExecutable(top.get(0).resolve("bin/outpost"))) {
            return top.get(0);
        }
        throw new OtaRefusal("archive: not an Outpost release (no executable bin/outpost at its top or in its one folder)");
    }

    /**
     * Back to the previous release (or the packaged one): the current one marked bad, {@code reason}
     * left for the daemon to report at its next start.
     */
    public String rollback(String reason) throws IOException, OtaRefusal {
        Optional<String> bad = current();
        if (bad.isEmpty()) {
            throw new OtaRefusal("no over-the-air release is current: the packaged release runs, nothing to roll back to");
        }
        Files.writeString(dir.resolve(bad.get()).resolve(BAD), reason + "\n", StandardCharsets.UTF_8);
        Optional<String> previous = previous();
        Files.writeString(dir.resolve(ROLLBACK_REASON), "version=" + bad.get() + "\nreason=" + reason.replace('\n', ' ') + "\n",
                StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve(Trial.FILE));
        if (previous.isPresent()) {
            link(CURRENT, previous.get());
            Files.delete(dir.resolve(PREVIOUS));
        } else {
            Files.delete(dir.resolve(CURRENT));
        }
        return previous.orElse(Trial.PACKAGED);
    }

    /** Confirms the release on trial: it stays current. */
    public void confirm() throws IOException {
        Files.deleteIfExists(dir.resolve(Trial.FILE));
    }

    private void link(String name, String version) throws IOException {
        Path tmp = dir.resolve("." + name + ".new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(version));
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Keeps the folders {@code current} and {@code previous} lead to, and {@code .partial}; deletes the other releases. */
    void prune() throws IOException {
        List<String> keep = new ArrayList<>();
        current().ifPresent(keep::add);
        previous().ifPresent(keep::add);
        List<Path> gone = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !keep.contains(n)) {
                    gone.add(p);
                }
            }
        }
        for (Path p : gone) {
            deleteTree(p);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
