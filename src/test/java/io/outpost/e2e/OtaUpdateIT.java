package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.ota.SigningKeys;
import io.outpost.testing.ArchiveServer;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.CommandClient;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over-the-air updates end to end (docs/ota.md), on real processes of the built distribution:
 * releases built by copying {@code target/dist} (altered for the failing cases), packed with GNU tar,
 * signed with {@code outpost ota sign}, served by a loopback HTTP server, applied with
 * {@code outpost ota apply}. systemd's restart is played by the test: it starts the launcher again
 * after the daemon exits 75.
 */
class OtaUpdateIT {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private Path releases() {
        return work.resolve("releases");
    }

    private Map<String, String> env() {
        return Map.of("OUTPOST_RELEASES", releases().toString());
    }

    /** The dist copied as {@code outpost-<version>/}, altered by {@code change}, packed; its bytes. */
    private byte[] release(String version, ReleaseChange change) throws Exception {
        Path dist = DaemonProcess.launcher().getParent().getParent();
        Path tree = work.resolve("build-" + version).resolve("outpost-" + version);
        try (Stream<Path> all = Files.walk(dist)) {
            for (Path p : all.toList()) {
                Path to = tree.resolve(dist.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        change.apply(tree);
        Path archive = work.resolve("outpost-" + version + ".tar.gz");
        Process tar = new ProcessBuilder("sh", "-c", "tar --sort=name --owner=0 --group=0 --numeric-owner -C '"
                + tree.getParent() + "' -cf '" + archive + ".tar' 'outpost-" + version + "' && gzip -6n < '" + archive
                + ".tar' > '" + archive + "'").redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), out);
        return Files.readAllBytes(archive);
    }

    @FunctionalInterface
    interface ReleaseChange {
        void apply(Path tree) throws IOException;
    }

    private Path signedManifest(String version, String url, byte[] archive, Path keys) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        Path manifest = Files.writeString(work.resolve("manifest-" + version + ".json"), "{\"version\":\"" + version
                + "\",\"url\":\"" + url + "\",\"sha256\":\"" + sha + "\",\"size\":" + archive.length + "}");
        Path signed = work.resolve("signed-" + version + ".json");
        DaemonProcess.Result r = DaemonProcess.run(work, "ota", "sign", "--key", keys.resolve(SigningKeys.PRIVATE_FILE).toString(),
                "--out", signed.toString(), manifest.toString());
        assertEquals(0, r.exitCode(), r.output());
        return signed;
    }

    private Path config(MosquittoBroker broker, Path keys, String deadline, String name) {
        return GatewayYaml.of("ota-gw", work.resolve("data")).adminSocket(work.resolve("admin.sock").toString())
                .sources(GatewayYaml.SIM_COUNTER).uplink("tcp://127.0.0.1:" + broker.port())
                .backoff("200ms", "1s")
                .section("ota:\n  public_key_file: " + keys.resolve(SigningKeys.PUBLIC_FILE) + "\n  health_deadline: " + deadline
                        + "\n  max_attempts: 2\n")
                .write(work.resolve(name));
    }

    private DaemonProcess daemon(String log, Map<String, String> env, Path config) throws IOException {
        return DaemonProcess.start(work.resolve(log), env, "run", "-c", config.toString());
    }

    private static void awaitLog(DaemonProcess d, String what) {
        Await.until(what, START, () -> d.output().contains(what), d::output);
    }

    private Path keys() throws Exception {
        Path keys = work.resolve("keys");
        assertEquals(0, DaemonProcess.run(work, "ota", "keygen", "--out", keys.toString()).exitCode());
        return keys;
    }

    /** Applies {@code manifest} to the running {@code first} daemon (admin socket) and waits for its restart exit. */
    private void applyAndAwaitRestart(DaemonProcess first, Path config, Path manifest) throws Exception {
        awaitLog(first, "event=gateway-started");
        DaemonProcess.Result apply = DaemonProcess.run(work, "ota", "apply", "-c", config.toString(), manifest.toString());
        assertEquals(0, apply.exitCode(), apply.output());
        assertTrue(apply.output().contains("downloading 0.2.0"), apply.output());
        awaitRestart(first);
    }

    /** The same through {@code P/cmd/ota}, once the daemon is connected. */
    private void commandAndAwaitRestart(DaemonProcess first, MosquittoBroker broker, Path manifest) throws Exception {
        awaitLog(first, "event=uplink-up");
        try (CommandClient client = new CommandClient(broker.url("tcp"))) {
            String reply = client.request("outpost/ota-gw/cmd/ota", Files.readString(manifest)).text();
            assertTrue(reply.startsWith("{\"ok\":true") && reply.contains("downloading 0.2.0"), reply);
        }
        awaitRestart(first);
    }

    private void awaitRestart(DaemonProcess first) throws Exception {
        assertEquals(75, first.awaitExit(START), "an install restarts the daemon with 75:\n" + first.output());
        assertTrue(first.output().contains("event=ota-installed"), first.output());
        assertTrue(first.output().contains("start `outpost run` again yourself"), "without systemd it says so");
        assertEquals("0.2.0", Files.readSymbolicLink(releases().resolve("current")).toString());
        assertTrue(Files.exists(releases().resolve("trial")));
    }

    @Test
    void aSignedUpdateInstallsBecomesCurrentAndIsConfirmedAfterTheRestart() throws Exception {
        Path keys = keys();
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
             ArchiveServer server = new ArchiveServer(release("0.2.0", tree -> { }), -1)) {
            broker.start();
            Path config = config(broker, keys, "120s", "outpost.yaml");
            Path manifest = signedManifest("0.2.0", server.uri("outpost-0.2.0.tar.gz").toString(),
                    Files.readAllBytes(work.resolve("outpost-0.2.0.tar.gz")), keys);
            try (DaemonProcess first = daemon("first.log", env(), config)) {
                applyAndAwaitRestart(first, config, manifest);
            }
            try (CloudConsumer cloud = new CloudConsumer("tcp://127.0.0.1:" + broker.port(), "outpost/ota-gw");
                 DaemonProcess second = daemon("second.log", env(), config)) {
                awaitLog(second, "event=ota-confirmed");
                assertFalse(Files.exists(releases().resolve("trial")), "confirmed: the trial is over");
                assertEquals("0.2.0", Files.readSymbolicLink(releases().resolve("current")).toString());
                cloud.awaitUntil("the confirmation on events", Duration.ofSeconds(60), all -> all.stream()
                        .anyMatch(m -> m.topic().endsWith("/events") && m.text().contains("ota-confirmed")));
                DaemonProcess.Result status = DaemonProcess.run(work, "ota", "status", "-c", config.toString());
                assertTrue(status.output().contains("current: 0.2.0"), status.output());
                assertTrue(status.output().contains("on_trial: \n") || status.output().contains("on_trial: " + System.lineSeparator()),
                        status.output());
                second.terminate();
            }
        }
    }

    @Test
    void aReleaseThatExitsAtStartUpIsRolledBackWithTheReasonInAnEvent() throws Exception {
        Path keys = keys();
        byte[] broken = release("0.2.0", tree -> Files.writeString(tree.resolve("bin/outpost"), "#!/bin/sh\nexit 1\n"));
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
             ArchiveServer server = new ArchiveServer(broken, -1)) {
            broker.start();
            Path config = config(broker, keys, "120s", "outpost.yaml");
            Path manifest = signedManifest("0.2.0", server.uri("o.tar.gz").toString(), broken, keys);
            try (DaemonProcess first = daemon("first.log", env(), config)) {
                commandAndAwaitRestart(first, broker, manifest);
            }
            // systemd's Restart=on-failure: max_attempts (2) failing starts, then the launcher rolls back
            for (int i = 1; i <= 2; i++) {
                try (DaemonProcess failing = daemon("failing-" + i + ".log", env(), config)) {
                    assertEquals(1, failing.awaitExit(START), failing.output());
                }
            }
            try (CloudConsumer cloud = new CloudConsumer("tcp://127.0.0.1:" + broker.port(), "outpost/ota-gw");
                 DaemonProcess back = daemon("back.log", env(), config)) {
                awaitLog(back, "rolled back to packaged");
                awaitLog(back, "event=ota-rolled-back");
                assertTrue(back.output().contains("started 2 times without confirming itself healthy"), back.output());
                cloud.awaitUntil("the rollback on events", Duration.ofSeconds(60), all -> all.stream()
                        .anyMatch(m -> m.topic().endsWith("/events") && m.text().contains("ota-rolled-back")
                                && m.text().contains("started 2 times")));
                assertTrue(Files.exists(releases().resolve("0.2.0/bad")));
                assertFalse(Files.exists(releases().resolve("current"), LinkOption.NOFOLLOW_LINKS));
                back.terminate();
            }
        }
    }

    @Test
    void aReleaseThatStartsButNeverConnectsIsRolledBackAtItsDeadline() throws Exception {
        Path keys = keys();
        // the new release runs the real daemon, with a config whose broker nobody listens on
        Path unreachable = work.resolve("unreachable.yaml");
        byte[] neverConnects = release("0.2.0", tree -> {
            Path real = tree.resolve("bin/outpost.real");
            Files.move(tree.resolve("bin/outpost"), real);
            Path wrapper = Files.writeString(tree.resolve("bin/outpost"), "#!/bin/sh\nfor a; do shift; case $a in "
                    + work.resolve("outpost.yaml") + ") set -- \"$@\" " + unreachable + " ;; *) set -- \"$@\" \"$a\" ;; esac; done\n"
                    + "exec \"$(dirname \"$0\")/outpost.real\" \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        });
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
             ArchiveServer server = new ArchiveServer(neverConnects, -1)) {
            broker.start();
            Path config = config(broker, keys, "45s", "outpost.yaml");
            String good = Files.readString(config);
            Files.writeString(unreachable, good.replace("tcp://127.0.0.1:" + broker.port(), "tcp://127.0.0.1:1"));
            Path manifest = signedManifest("0.2.0", server.uri("o.tar.gz").toString(), neverConnects, keys);
            try (DaemonProcess first = daemon("first.log", env(), config)) {
                applyAndAwaitRestart(first, config, manifest);
            }
            try (DaemonProcess trial = daemon("trial.log", env(), config)) {
                awaitLog(trial, "event=ota-on-trial");
                assertEquals(75, trial.awaitExit(START), "missed deadline: exit to be restarted\n" + trial.output());
                assertTrue(trial.output().contains("not healthy by the update's deadline"), trial.output());
            }
            try (CloudConsumer cloud = new CloudConsumer("tcp://127.0.0.1:" + broker.port(), "outpost/ota-gw");
                 DaemonProcess back = daemon("back.log", env(), config)) {
                awaitLog(back, "event=ota-rolled-back");
                cloud.awaitUntil("the rollback on events", Duration.ofSeconds(60), all -> all.stream()
                        .anyMatch(m -> m.topic().endsWith("/events") && m.text().contains("ota-rolled-back")
                                && m.text().contains("by its deadline")));
                assertTrue(Files.exists(releases().resolve("0.2.0/bad")));
                back.terminate();
            }
        }
    }

    @Test
    void refusedUpdatesLeaveTheOldReleaseRunningAndNothingHalfInstalled() throws Exception {
        Path keys = keys();
        Path otherKeys = work.resolve("other-keys");
        assertEquals(0, DaemonProcess.run(work, "ota", "keygen", "--out", otherKeys.toString()).exitCode());
        byte[] good = release("0.2.0", tree -> { });
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
             ArchiveServer server = new ArchiveServer(good, -1)) {
            broker.start();
            Path config = config(broker, keys, "120s", "outpost.yaml");
            String url = server.uri("o.tar.gz").toString();
            String signed = Files.readString(signedManifest("0.2.0", url, good, keys));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(good));
            try (DaemonProcess daemon = daemon("daemon.log", env(), config)) {
                awaitLog(daemon, "event=gateway-started");
                refusedAtOnce(config, signed.replace("\"version\":\"0.2.0\"", "\"version\":\"0.2.1\""), "bad signature");
                refusedAtOnce(config, Files.readString(signedManifest("0.2.0", url, good, otherKeys)), "bad signature");
                try (CommandClient client = new CommandClient(broker.url("tcp"))) {
                    awaitLog(daemon, "event=uplink-up");
                    String reply = client.request("outpost/ota-gw/cmd/ota", Files.readString(signedManifest("0.2.0", url, good, otherKeys)))
                            .text();
                    assertTrue(reply.startsWith("{\"ok\":false") && reply.contains("bad signature"), reply);
                }
                refusedAtOnce(config, Files.readString(signedManifest("0.0.9", url, good, keys)), "not newer");
                String needsNewer = "{\"version\":\"0.3.0\",\"url\":\"" + url + "\",\"sha256\":\"" + sha + "\",\"size\":"
                        + good.length + ",\"min_version\":\"0.2.0\"}";
                Path m = Files.writeString(work.resolve("min.json"), needsNewer);
                assertEquals(0, DaemonProcess.run(work, "ota", "sign", "--key", keys.resolve(SigningKeys.PRIVATE_FILE).toString(),
                        "--out", work.resolve("min.signed.json").toString(), m.toString()).exitCode());
                refusedAtOnce(config, Files.readString(work.resolve("min.signed.json")), "needs 0.2.0 or newer");

                refusedLater(daemon, config, signedFor("0.2.0", url, "0".repeat(64), good.length, keys), "sha256 mismatch");
                refusedLater(daemon, config, signedFor("0.2.0", url, sha, good.length + 1, keys), "size mismatch");
                byte[] bad = evil("traversal", "outpost-0.2.0 outpost-0.2.0/../../escaped-file");
                server.body(bad);
                refusedLater(daemon, config, signedFor("0.2.0", url, sha(bad), bad.length, keys), "with .. refused");
                bad = evil("absolute", "outpost-0.2.0 " + work.resolve("escaped-file"));
                server.body(bad);
                refusedLater(daemon, config, signedFor("0.2.0", url, sha(bad), bad.length, keys), "absolute or empty path");
                bad = evil("link", "outpost-0.2.0 outpost-0.2.0/bin/escape");
                server.body(bad);
                refusedLater(daemon, config, signedFor("0.2.0", url, sha(bad), bad.length, keys), "leads out of the release");
                assertEquals("x\n", Files.readString(work.resolve("escaped-file")), "nothing written outside");
                assertTrue(daemon.alive(), "the old release still runs");
                assertFalse(Files.exists(releases().resolve("current"), LinkOption.NOFOLLOW_LINKS), "nothing current");
                try (Stream<Path> left = Files.list(releases())) {
                    assertEquals(List.of(".partial"), left.map(p -> p.getFileName().toString()).toList(), "nothing half-installed");
                }
                try (Stream<Path> left = Files.list(releases().resolve(".partial"))) {
                    assertEquals(0, left.count(), "no partial download kept after a refusal");
                }
                daemon.terminate();
            }
        }
    }

    @Test
    void aDiskTooSmallIsRefusedBeforeTheDownload() throws Exception {
        Path keys = keys();
        byte[] good = release("0.2.0", tree -> { });
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"));
             ArchiveServer server = new ArchiveServer(good, -1)) {
            broker.start();
            // more than any disk has free: what a full SD card looks like to the check
            Path config = Files.writeString(work.resolve("full.yaml"), Files.readString(config(broker, keys, "120s", "outpost.yaml"))
                    .replace("  max_attempts: 2\n", "  max_attempts: 2\n  keep_free: 100000GB\n"));
            try (DaemonProcess daemon = daemon("daemon.log", env(), config)) {
                awaitLog(daemon, "event=gateway-started");
                refusedLater(daemon, config, Files.readString(signedManifest("0.2.0", server.uri("o").toString(), good, keys)),
                        "not enough disk for 0.2.0");
                assertEquals(0, server.requests.get(), "nothing was asked of the server");
                assertFalse(Files.exists(releases().resolve("0.2.0")));
                daemon.terminate();
            }
        }
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A release tree with {@code bin/escape -> ../../../..}, packed with the {@code members} given (tar -P keeps names as written). */
    private byte[] evil(String name, String members) throws Exception {
        Path root = Files.createDirectories(work.resolve("evil-" + name));
        Path tree = Files.createDirectories(root.resolve("outpost-0.2.0/bin"));
        Files.writeString(tree.resolve("outpost"), "#!/bin/sh\n");
        Files.createSymbolicLink(tree.resolve("escape"), Path.of("../../../.."));
        Files.writeString(work.resolve("escaped-file"), "x\n");
        Path archive = work.resolve("evil-" + name + ".tar.gz");
        Process tar = new ProcessBuilder("sh", "-c", "cd '" + root + "' && tar -P --no-recursion -cf - " + members + " | gzip > '"
                + archive + "'").redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), out);
        return Files.readAllBytes(archive);
    }

    private String signedFor(String version, String url, String sha, long size, Path keys) throws Exception {
        Path m = Files.writeString(work.resolve("m-" + size + sha.substring(0, 4) + ".json"), "{\"version\":\"" + version
                + "\",\"url\":\"" + url + "\",\"sha256\":\"" + sha + "\",\"size\":" + size + "}");
        Path out = work.resolve(m.getFileName() + ".signed");
        assertEquals(0, DaemonProcess.run(work, "ota", "sign", "--key", keys.resolve(SigningKeys.PRIVATE_FILE).toString(),
                "--out", out.toString(), m.toString()).exitCode());
        return Files.readString(out);
    }

    private void refusedAtOnce(Path config, String manifest, String says) throws Exception {
        Path file = Files.writeString(work.resolve("apply.json"), manifest);
        DaemonProcess.Result r = DaemonProcess.run(work, "ota", "apply", "-c", config.toString(), file.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains(says), says + ":\n" + r.output());
    }

    private void refusedLater(DaemonProcess daemon, Path config, String manifest, String says) throws Exception {
        Path file = Files.writeString(work.resolve("apply.json"), manifest);
        DaemonProcess.Result r = DaemonProcess.run(work, "ota", "apply", "-c", config.toString(), file.toString());
        assertEquals(0, r.exitCode(), r.output());
        Await.until("refused: " + says, START, () -> daemon.output().lines()
                .anyMatch(l -> l.contains("event=ota-refused") && l.contains(says)), daemon::output);
    }
}
