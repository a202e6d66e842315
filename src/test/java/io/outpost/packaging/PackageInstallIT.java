package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.outpost.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The amd64 package installed for real into a Debian bookworm root ({@link BookwormRoot}) the way an
 * operator installs it ({@code apt install ./outpost_<version>_amd64.deb}), then used, reinstalled,
 * removed and purged there, each step checked on the root's files and users. systemd does not run
 * in a chroot, so the unit is enabled but not started (the maintainer scripts start it only where
 * systemd runs); the daemon step starts {@code outpost run} as the unit would, as user outpost in
 * the folders systemd would make. The steps run in order, on one root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {

    /** `systemd-analyze security` of the unit, recorded in packaging/README.md: a change that makes it worse fails here. */
    private static final double RECORDED_EXPOSURE = 1.4;
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for outpost\\.service: ([0-9.]+)");

    private BookwormRoot root;
    private String deb;

    @BeforeAll
    void unpackRoot() throws Exception {
        root = BookwormRoot.unpack(Files.createTempDirectory("outpost-install-"));
        deb = "/tmp/" + Packages.deb("amd64").getFileName();
        Files.copy(Packages.deb("amd64"), root.path(deb));
    }

    @AfterAll
    void removeRoot() throws Exception {
        if (root != null) {
            root.close();
        }
    }

    @Test
    @Order(1)
    void installsWithAptFromTheFileAsAnOperatorDoes() throws Exception {
        // Raspberry Pi OS has a gpio group (plain Debian has not): the package must put the user in it.
        root.run("groupadd", "--system", "gpio").ok();
        root.run("apt-get", "install", "-y", deb).ok();
        assertEquals("install ok installed", root.run("dpkg-query", "-W", "-f=${Status}", "outpost").ok().trim());
    }

    @Test
    @Order(2)
    void theUserItsFoldersAndTheFilesHaveTheirOwnersAndModes() throws Exception {
        String id = root.run("id", "outpost").ok();
        assertTrue(id.contains("(dialout)") && id.contains("(gpio)"), id);
        String[] passwd = root.run("getent", "passwd", "outpost").ok().trim().split(":");
        assertTrue(Integer.parseInt(passwd[2]) < 1000, "not a system user: " + String.join(":", passwd));
        assertEquals("/var/lib/outpost", passwd[5]);
        assertEquals("/usr/sbin/nologin", passwd[6]);

        assertEquals(List.of(
                "outpost:outpost 750 /var/lib/outpost",
                "root:root 755 /etc/outpost",
                "root:root 644 /etc/outpost/outpost.yaml",
                "root:root 755 /usr/lib/outpost/bin/outpost",
                "root:root 644 /usr/lib/outpost/lib/native/liboutpost-notify.so",
                "root:root 444 /usr/lib/outpost/lib/outpost.jsa",
                "root:root 644 /lib/systemd/system/outpost.service"),
                root.run("stat", "-c", "%U:%G %a %n", "/var/lib/outpost", "/etc/outpost", "/etc/outpost/outpost.yaml",
                        "/usr/lib/outpost/bin/outpost", "/usr/lib/outpost/lib/native/liboutpost-notify.so",
                        "/usr/lib/outpost/lib/outpost.jsa", "/lib/systemd/system/outpost.service").ok().lines().toList());
        assertEquals("/lib/systemd/system/outpost.service",
                root.run("readlink", "/etc/systemd/system/multi-user.target.wants/outpost.service").ok().trim(),
                "the unit is enabled on install");
        assertEquals("/usr/lib/outpost/bin/outpost", root.run("readlink", "-f", "/usr/bin/outpost").ok().trim());
    }

    @Test
    @Order(3)
    void versionAndValidateRunAsTheOutpostUser() throws Exception {
        String version = root.runAs("outpost", "outpost", "version").ok();
        assertTrue(version.startsWith("outpost " + Packages.mavenVersion()) && version.contains("Linux amd64"), version);
        assertTrue(root.runAs("outpost", "outpost", "validate").ok().contains("/etc/outpost/outpost.yaml: ok"));

        // The archive made at install is the one the JVM maps: the main class comes out of it.
        String loads = root.runAs("outpost", "env", "JDK_JAVA_OPTIONS=-Xlog:class+load=info", "outpost", "version").ok();
        assertTrue(loads.contains("io.outpost.Outpost source: shared objects file"), "the AppCDS archive is not used:\n"
                + loads.lines().filter(l -> l.contains("io.outpost.Outpost")).toList());
    }

    @Test
    @Order(4)
    void theInstalledUnitVerifiesAndItsExposureIsNoWorseThanRecorded() throws Exception {
        Command.Result verify = root.run("systemd-analyze", "verify", "/lib/systemd/system/outpost.service");
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals("", verify.output().trim(), "systemd-analyze verify has something to say");
        String security = root.run("systemd-analyze", "security", "--offline=yes", "/lib/systemd/system/outpost.service").output();
        Matcher exposure = EXPOSURE.matcher(security);
        assertTrue(exposure.find(), security);
        assertTrue(Double.parseDouble(exposure.group(1)) <= RECORDED_EXPOSURE,
                "exposure " + exposure.group(1) + ", worse than the " + RECORDED_EXPOSURE + " recorded:\n" + security);
    }

    @Test
    @Order(5)
    void anOperatorInGroupOutpostAsksTheInstalledDaemonWithoutNamingItsConfig() throws Exception {
        // What RuntimeDirectory=outpost and RuntimeDirectoryMode=0750 make before systemd starts the unit.
        root.run("install", "-d", "-o", "outpost", "-g", "outpost", "-m", "0750", "/run/outpost").ok();
        Path log = Files.createTempFile("outpost-installed-run-", ".log");
        Process daemon = root.start("outpost", log, "sh", "-c", "umask 0027; exec outpost run");
        try {
            Await.until("the installed daemon's admin socket", Duration.ofSeconds(60),
                    () -> Files.exists(root.path("/run/outpost/admin.sock"), LinkOption.NOFOLLOW_LINKS) || !daemon.isAlive(),
                    () -> read(log));
            assertTrue(daemon.isAlive(), read(log));
            root.run("adduser", "--quiet", "--disabled-password", "--gecos", "", "fieldop").ok();
            root.run("adduser", "--quiet", "fieldop", "outpost").ok();
            root.run("adduser", "--quiet", "--disabled-password", "--gecos", "", "visitor").ok();

            String status = root.runAs("fieldop", "outpost", "status").ok();
            assertTrue(status.contains("gateway outpost-demo") && status.contains("sim  up"), status);
            assertTrue(root.run("outpost", "status", "--json").ok().contains("\"ok\":true"), "root asks too");
            Command.Result stranger = root.runAs("visitor", "outpost", "status");
            assertEquals(1, stranger.exitCode(), stranger.output());
            assertTrue(stranger.output().contains("permission denied") && stranger.output().contains("group outpost"),
                    stranger.output());
            assertEquals("outpost:outpost 660", root.run("stat", "-c", "%U:%G %a", "/run/outpost/admin.sock").ok().trim());
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "outpost run did not stop on SIGTERM:\n" + read(log));
        }
        assertEquals(143, daemon.exitValue(), read(log));
        assertEquals("outpost:outpost", root.run("stat", "-c", "%U:%G", "/var/lib/outpost/queue").ok().trim());
    }

    @Test
    @Order(6)
    void installingAgainTakesTheUpgradePathAndMakesTheArchiveAgain() throws Exception {
        root.run("dpkg", "-i", deb).ok();
        assertTrue(Files.isRegularFile(root.path("/usr/lib/outpost/lib/outpost.jsa")), "no AppCDS archive after the upgrade");
        assertTrue(Files.isDirectory(root.path("/var/lib/outpost/queue")), "the upgrade lost the queue");
    }

    @Test
    @Order(7)
    void removeTakesTheProgramAndKeepsConfigAndData() throws Exception {
        root.run("apt-get", "remove", "-y", "outpost").ok();
        assertEquals("deinstall ok config-files", root.run("dpkg-query", "-W", "-f=${Status}", "outpost").ok().trim());
        for (String gone : List.of("/usr/lib/outpost", "/usr/bin/outpost", "/usr/share/outpost", "/lib/systemd/system/outpost.service")) {
            assertFalse(Files.exists(root.path(gone), LinkOption.NOFOLLOW_LINKS), gone + " is left after remove");
        }
        assertTrue(Files.isRegularFile(root.path("/etc/outpost/outpost.yaml")), "remove took the config");
        assertTrue(Files.isDirectory(root.path("/var/lib/outpost/queue")), "remove took the data");
    }

    @Test
    @Order(8)
    void purgeDeletesConfigAndDataAndKeepsTheUser() throws Exception {
        root.run("dpkg", "--purge", "outpost").ok();
        assertEquals(1, root.run("dpkg-query", "-W", "outpost").exitCode(), "dpkg still knows outpost after purge");
        for (String gone : List.of("/etc/outpost", "/var/lib/outpost", "/etc/systemd/system/multi-user.target.wants/outpost.service")) {
            assertFalse(Files.exists(root.path(gone), LinkOption.NOFOLLOW_LINKS), gone + " is left after purge");
        }
        assertEquals(0, root.run("getent", "passwd", "outpost").exitCode(), "purge keeps the system user, as Debian does");
    }

    @Test
    @Order(9)
    void theTarballsInstallShDoesTheSameWithoutDpkg() throws Exception {
        Path tarball = Packages.tarball("amd64");
        Files.copy(tarball, root.path("/tmp/" + tarball.getFileName()));
        root.run("tar", "-xzf", "/tmp/" + tarball.getFileName(), "-C", "/tmp").ok();
        String tree = "/tmp/outpost-" + Packages.mavenVersion() + "-linux-amd64";
        root.run(tree + "/install.sh").ok();

        assertTrue(root.runAs("outpost", "outpost", "version").ok().startsWith("outpost " + Packages.mavenVersion()));
        assertEquals(List.of("outpost:outpost 750 /var/lib/outpost", "root:root 644 /etc/outpost/outpost.yaml",
                        "root:root 644 /etc/systemd/system/outpost.service", "root:root 444 /usr/lib/outpost/lib/outpost.jsa"),
                root.run("stat", "-c", "%U:%G %a %n", "/var/lib/outpost", "/etc/outpost/outpost.yaml",
                        "/etc/systemd/system/outpost.service", "/usr/lib/outpost/lib/outpost.jsa").ok().lines().toList());
        assertTrue(Files.exists(root.path("/etc/systemd/system/multi-user.target.wants/outpost.service"), LinkOption.NOFOLLOW_LINKS),
                "install.sh enables the unit");

        root.run(tree + "/install.sh", "--purge").ok();
        for (String gone : List.of("/usr/lib/outpost", "/usr/bin/outpost", "/etc/outpost", "/var/lib/outpost",
                "/etc/systemd/system/outpost.service", "/etc/systemd/system/multi-user.target.wants/outpost.service")) {
            assertFalse(Files.exists(root.path(gone), LinkOption.NOFOLLOW_LINKS), gone + " is left after install.sh --purge");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            fail("cannot read " + log + ": " + e);
            return "";
        }
    }
}
