package io.outpost.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.ota.TestArchives.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasesTest {

    private static final long MAX = 1 << 20;

    @TempDir
    Path dir;

    private Path releasesDir() {
        return dir.resolve("releases");
    }

    private Releases install(String version) throws Exception {
        Releases releases = new Releases(releasesDir());
        Path archive = TestArchives.write(dir.resolve(version + ".tar.gz"), TestArchives.release(version));
        releases.install(archive, ReleaseVersion.parse(version), MAX, Duration.ofMinutes(2), 3);
        return releases;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(releasesDir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsSwitchesCurrentKeepsPreviousAndPrunesToTwo() throws Exception {
        Releases releases = install("1.1.0");
        assertEquals(Optional.of("1.1.0"), releases.current());
        assertEquals(Optional.empty(), releases.previous(), "before: the packaged release");
        Path launcher = releasesDir().resolve("current/bin/outpost");
        assertTrue(Files.isExecutable(launcher));
        assertEquals("outpost.jar", Files.readSymbolicLink(releasesDir().resolve("1.1.0/lib/current.jar")).toString());
        Trial trial = Trial.read(releasesDir()).orElseThrow();
        assertEquals("1.1.0", trial.version());
        assertEquals(Trial.PACKAGED, trial.previous());

        install("1.2.0");
        install("1.3.0");
        assertEquals(Optional.of("1.3.0"), releases.current());
        assertEquals(Optional.of("1.2.0"), releases.previous());
        assertEquals(List.of(".partial", "1.2.0", "1.3.0", "current", "previous", "trial").stream()
                .filter(n -> !n.equals(".partial")).toList(), names());
        assertFalse(Files.exists(dir.resolve("1.3.0.tar.gz")), "the archive is deleted once installed");
    }

    @Test
    void rollbackMarksTheCurrentBadAndGoesBackToThePreviousOrThePackaged() throws Exception {
        Releases releases = install("1.1.0");
        install("1.2.0");
        assertEquals("1.1.0", releases.rollback("did not connect within 2m"));
        assertEquals(Optional.of("1.1.0"), releases.current());
        assertTrue(Files.readString(releasesDir().resolve("1.2.0/bad")).contains("did not connect"));
        assertTrue(Files.readString(releasesDir().resolve(Releases.ROLLBACK_REASON)).contains("version=1.2.0"));
        assertEquals(Optional.empty(), Trial.read(releasesDir()));
        assertEquals(Trial.PACKAGED, releases.rollback("again"));
        assertEquals(Optional.empty(), releases.current());
        assertThrows(OtaRefusal.class, () -> releases.rollback("nothing left"));
    }

    private void refused(List<Entry> entries, String says) throws Exception {
        Releases releases = new Releases(releasesDir());
        if (releases.current().isEmpty()) {
            install("1.1.0").confirm();
        }
        List<String> before = names();
        Path archive = TestArchives.write(dir.resolve("bad.tar.gz"), entries);
        OtaRefusal e = assertThrows(OtaRefusal.class,
                () -> releases.install(archive, ReleaseVersion.parse("1.2.0"), MAX, Duration.ofMinutes(2), 3));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertEquals(before, names(), "nothing half-installed");
        assertEquals(Optional.of("1.1.0"), releases.current(), "the old release still current");
        assertFalse(Files.exists(dir.resolve("escaped")), "nothing written outside");
    }

    private static List<Entry> releaseWith(Entry... extra) {
        List<Entry> entries = new ArrayList<>(TestArchives.release("1.2.0"));
        entries.addAll(List.of(extra));
        return entries;
    }

    @Test
    void refusesTraversal() throws Exception {
        refused(releaseWith(Entry.file("outpost-1.2.0/../../../escaped", "x")), "with .. refused");
    }

    @Test
    void refusesAbsolutePaths() throws Exception {
        refused(releaseWith(Entry.file(dir.resolve("escaped").toString(), "x")), "absolute");
    }

    @Test
    void refusesLinksThatLeaveTheTree() throws Exception {
        refused(releaseWith(Entry.symlink("outpost-1.2.0/lib/out", "../../../escaped")), "leads out of the release");
        refused(releaseWith(Entry.symlink("outpost-1.2.0/lib/out", "/etc/passwd")), "absolute");
        // each link in the tree by its text, out of it through another
        refused(releaseWith(Entry.symlink("outpost-1.2.0/lib/up", ".."),
                Entry.symlink("outpost-1.2.0/lib/out", "up/../../../escaped")), "symbolic link outpost-1.2.0/lib/out leads");
        refused(releaseWith(Entry.symlink("outpost-1.2.0/lib/up", ".."),
                Entry.symlink("outpost-1.2.0/bin/far", "../lib/up/../..")), "leads out of the release");
    }

    @Test
    void refusesWritingThroughALink() throws Exception {
        refused(releaseWith(Entry.symlink("outpost-1.2.0/l", "lib"), Entry.file("outpost-1.2.0/l/x", "x")),
                "under the symbolic link");
    }

    @Test
    void refusesWhatIsNotARelease() throws Exception {
        refused(List.of(Entry.file("README", "x")), "not an Outpost release");
        refused(releaseWith(new Entry("outpost-1.2.0/dev", '3', "", "", 0644)), "tar type '3'");
        refused(releaseWith(new Entry("outpost-1.2.0/hard", '1', "", "outpost-1.2.0/bin/outpost", 0644)), "tar type '1'");
        refused(releaseWith(Entry.file("outpost-1.2.0/bin/outpost", "again")), "twice");
    }

    @Test
    void refusesADamagedArchive() throws Exception {
        Releases releases = install("1.1.0");
        Path archive = TestArchives.write(dir.resolve("cut.tar.gz"), TestArchives.release("1.2.0"));
        byte[] all = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(all, all.length / 2));
        assertThrows(OtaRefusal.class, () -> releases.install(archive, ReleaseVersion.parse("1.2.0"), MAX, Duration.ofMinutes(2), 3));
        assertEquals(Optional.of("1.1.0"), releases.current());
        Files.write(archive, "not gzip at all".getBytes());
        assertThrows(OtaRefusal.class, () -> releases.install(archive, ReleaseVersion.parse("1.2.0"), MAX, Duration.ofMinutes(2), 3));
    }

    @Test
    void readsWhatGnuTarWritesLongNamesAndPaxIncluded() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("src/outpost-2.0.0/bin"));
        Files.writeString(tree.resolve("outpost"), "#!/bin/sh\n");
        tree.resolve("outpost").toFile().setExecutable(true);
        String longName = "x".repeat(90) + "/" + "y".repeat(90) + ".jar";
        Path deep = Files.createDirectories(dir.resolve("src/outpost-2.0.0/lib").resolve(longName).getParent());
        Files.writeString(deep.resolve("y".repeat(90) + ".jar"), "deep");
        Files.createSymbolicLink(dir.resolve("src/outpost-2.0.0/lib/link"), Path.of(longName));
        // ustar cannot hold a link target of more than 100 bytes: GNU tar's default (gnu) and pax can
        for (String format : new String[] {"gnu", "pax"}) {
            Path archive = dir.resolve(format + ".tar.gz");
            Process tar = new ProcessBuilder("sh", "-c", "tar --format=" + format + " --sort=name --owner=0 --group=0 -C "
                    + dir.resolve("src") + " -cf " + archive + ".tar outpost-2.0.0 && gzip -6n < " + archive + ".tar > " + archive).redirectErrorStream(true).start();
            String out = new String(tar.getInputStream().readAllBytes());
            assertEquals(0, tar.waitFor(), out);
            Path into = dir.resolve("unpacked-" + format);
            try {
                ReleaseArchive.unpack(archive, into, MAX);
            } catch (OtaRefusal e) {
                throw new AssertionError(format + ": " + e.getMessage(), e);
            }
            assertEquals("deep", Files.readString(into.resolve("outpost-2.0.0/lib/link")), format);
            assertTrue(Files.isExecutable(into.resolve("outpost-2.0.0/bin/outpost")), format);
        }
    }
}
