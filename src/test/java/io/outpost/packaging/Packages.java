package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What `mvn -Pdeb package` built: the packages, the tarballs and the trees they were made from. */
final class Packages {

    static final List<String> ARCHITECTURES = List.of("amd64", "arm64");

    private Packages() {
    }

    static String mavenVersion() {
        return property("outpost.version");
    }

    /** The Maven version as dpkg orders it: 0.1.0-SNAPSHOT is 0.1.0~SNAPSHOT, before 0.1.0. */
    static String debianVersion() {
        return mavenVersion().replaceFirst("-SNAPSHOT$", "~SNAPSHOT").replace('-', '~');
    }

    static Path deb(String arch) {
        return existing(Path.of(property("outpost.packages"), "outpost_" + debianVersion() + "_" + arch + ".deb"));
    }

    static Path tarball(String arch) {
        return existing(Path.of(property("outpost.packages"), "outpost-" + mavenVersion() + "-linux-" + arch + ".tar.gz"));
    }

    /** The packaged release of {@code arch} as the package installs it: {@code /usr/lib/outpost}. */
    static Path release(String arch) {
        return existing(Path.of(property("outpost.pkg"), arch, "root", "usr", "lib", "outpost"));
    }

    static Path repository() {
        return Path.of("").toAbsolutePath();
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            fail(path + " is missing: the package tests run after the package build, with mvn -Pdeb verify");
        }
        return path;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            fail("system property " + name + " is not set: run the package tests with mvn -Pdeb verify");
        }
        return value;
    }
}
