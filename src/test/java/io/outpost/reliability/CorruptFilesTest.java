package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.value.BuildInfo;
import io.outpost.config.OutpostConfig;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.gateway.Gateway;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.value.Lane;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file a gateway keeps in its data directory, damaged between two runs in each way a power cut,
 * a worn SD card or a careless hand damages files: cut to nothing, cut in half, a zeroed page at the
 * start and in the middle, one flipped bit at the start, in the middle and at the end. Each time the
 * gateway must start, keep polling and deliver what it reads; a store file it cannot use is moved
 * aside and reported on {@code P/events}.
 *
 * <p>The files come from one real run: a simulator source, an alarm raised, records queued behind a
 * broker that never answered, then a clean stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptFilesTest {

    private static final String ID = "corrupt-gw";
    private static final String PREFIX = "outpost/" + ID;
    private static final String ALARM = """
            alarms:
              - { name: count-high, tag: sim/counter, above: 5, clear: 2, severity: major }
            """;

    @TempDir
    static Path work;

    private Path template;
    private EmbeddedBroker broker;

    private record Damage(String name, Mutation mutation) {
    }

    @FunctionalInterface
    private interface Mutation {
        void apply(RandomAccessFile file, long length) throws IOException;
    }

    private static final List<Damage> DAMAGES = List.of(
            new Damage("cut to nothing", (f, n) -> f.setLength(0)),
            new Damage("cut in half", (f, n) -> f.setLength(n / 2)),
            new Damage("first page zeroed", (f, n) -> zero(f, 0, Math.min(n, 4096))),
            new Damage("middle page zeroed", (f, n) -> zero(f, n / 2, Math.min(n - n / 2, 4096))),
            new Damage("bit flipped at the start", (f, n) -> flip(f, 0)),
            new Damage("bit flipped in the middle", (f, n) -> flip(f, n / 2)),
            new Damage("bit flipped at the end", (f, n) -> flip(f, n - 1)));

    @BeforeAll
    void oneRealRun() throws Exception {
        template = work.resolve("template");
        // Nothing listens there: records stay queued in the store.
        OutpostConfig config = config(template, "tcp://127.0.0.1:" + FreePorts.loopback());
        try (Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
            Await.until("records queued and an alarm raised", Duration.ofSeconds(60),
                    () -> gateway.stats().lanes().get(Lane.TELEMETRY).depth() >= 3
                            && gateway.stats().lanes().get(Lane.ALARMS).lastSeq() >= 1
                            && Files.exists(template.resolve("tag-times.0")),
                    () -> gateway.stats().lanes());
        }
        broker = new EmbeddedBroker(work.resolve("broker"), 0);
        broker.start();
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFileDamagedEveryWay() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(template)) {
            files = walk.filter(Files::isRegularFile).filter(p -> sizeOf(p) > 0)
                    .map(template::relativize).sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertTrue(files.contains(Path.of("queue", "queue.db")), "the store file is among them: " + files);
        assertTrue(files.contains(Path.of("tag-times.0")), "the time-order marks are among them: " + files);
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (Path file : files) {
            for (Damage damage : DAMAGES) {
                int index = n++;
                tests.add(DynamicTest.dynamicTest(file + ": " + damage.name(), () -> startsAndKeepsWorking(index, file, damage)));
            }
        }
        return tests.stream();
    }

    private void startsAndKeepsWorking(int index, Path file, Damage damage) throws Exception {
        Path data = work.resolve("case-" + index);
        copy(template, data);
        Path target = data.resolve(file);
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
            damage.mutation().apply(f, f.length());
        }
        OutpostConfig config = config(data, broker.url());
        long started = System.currentTimeMillis();
        try (CloudConsumer cloud = new CloudConsumer(broker.url(), PREFIX);
                Gateway gateway = Gateway.start(config, BuildInfo.load(), System::currentTimeMillis)) {
            cloud.awaitUntil("telemetry read after the start", Duration.ofSeconds(60),
                    all -> newSamples(all, started) > 0);
            assertEquals(0, gateway.stats().lanes().get(Lane.TELEMETRY).droppedRecords(),
                    "nothing read after the start is dropped");
            if (file.equals(Path.of("queue", "queue.db")) && headerGone(damage)) {
                cloud.awaitUntil("the store's recovery reported", Duration.ofSeconds(60),
                        all -> all.stream().anyMatch(r -> r.topic().equals(PREFIX + "/events") && r.text().contains("store-recovered")));
                try (Stream<Path> aside = Files.list(data.resolve("queue"))) {
                    assertTrue(aside.anyMatch(p -> p.getFileName().toString().startsWith("queue.db.corrupt")),
                            "the damaged store file is kept aside for a person to look at");
                }
            }
        } finally {
            delete(data);
        }
    }

    /** Damage no store could read past: its header is gone. */
    private static boolean headerGone(Damage damage) {
        return damage.name().equals("cut to nothing") || damage.name().equals("first page zeroed");
    }

    private static long newSamples(List<CloudConsumer.Received> all, long since) {
        List<CloudConsumer.Received> telemetry = all.stream().filter(r -> r.topic().equals(PREFIX + "/telemetry")).toList();
        return JsonRecords.samples(telemetry).stream().map(s -> s.get("ts")).filter(JsonNode::isNumber)
                .filter(ts -> ts.asLong() >= since).count();
    }

    private OutpostConfig config(Path dataDir, String url) {
        return GatewayYaml.of(ID, dataDir).sources(GatewayYaml.SIM_COUNTER).section(ALARM)
                .uplink(url).batch(5, "100ms").backoff("200ms", "500ms")
                .parse(dataDir.resolveSibling(dataDir.getFileName() + ".yaml"));
    }

    private static void zero(RandomAccessFile f, long at, long count) throws IOException {
        f.seek(at);
        f.write(new byte[(int) count]);
    }

    private static void flip(RandomAccessFile f, long at) throws IOException {
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ 0x10);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        assertFalse(Files.exists(dir));
    }
}
