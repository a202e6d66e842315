package io.outpost.bench;

import io.outpost.config.BackoffConfig;
import io.outpost.config.BatchConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.value.Lane;
import io.outpost.demo.EmbeddedBroker;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.LinkTimings;
import io.outpost.uplink.MqttUplink;
import io.outpost.uplink.UplinkIdentity;
import io.outpost.uplink.UplinkListener;
import io.outpost.uplink.UplinkStats;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Uplink throughput: an in-process HiveMQ on loopback, an in-memory store pre-filled with records of
 * 500 samples (about 30 KB of JSON each), and the time until every record is PUBACKed and released.
 * Prints one Markdown table row. Not a test: figures depend on the machine.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider \
 *      -cp target/test-classes:target/classes:$(cat target/test.cp) io.outpost.bench.UplinkBenchmark [records] [inflight] [consumer]
 * </pre>
 *
 * {@code consumer} adds a subscriber to the records (on the same machine, so it competes for CPU).
 */
public final class UplinkBenchmark {

    private static final int SAMPLES_PER_RECORD = 500;

    private UplinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int inflight = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        boolean consumer = args.length > 2 && args[2].equals("consumer");
        Path dir = Files.createTempDirectory("uplink-bench");
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, 0)) {
            broker.start();
            run(broker, "warmup", Math.max(100, records / 10), inflight, consumer);
            Result result = run(broker, "bench", records, inflight, consumer);
            System.out.println("| records | samples/record | bytes/record | inflight (window) | consumer | seconds | records/s | samples/s | MB/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            System.out.printf("| %d | %d | %d | %d (%d) | %s | %.2f | %.0f | %.0f | %.1f |%n", records, SAMPLES_PER_RECORD,
                    result.bytesPerRecord(), inflight, result.window(), consumer ? "yes" : "no", result.seconds(),
                    records / result.seconds(), records * (double) SAMPLES_PER_RECORD / result.seconds(),
                    records * (double) result.bytesPerRecord() / result.seconds() / 1e6);
        }
    }

    private record Result(double seconds, int bytesPerRecord, int window) {
    }

    private static Result run(EmbeddedBroker broker, String gw, int records, int inflight, boolean withConsumer) throws Exception {
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.appendMany(Lane.TELEMETRY, records, SAMPLES_PER_RECORD);
        int bytesPerRecord = (int) (store.stats(Lane.TELEMETRY).bytes() / records);
        UplinkConfig config = new UplinkConfig(URI.create(broker.url()), gw, Optional.empty(), Optional.empty(), Optional.empty(),
                "outpost/" + gw, new BatchConfig(SAMPLES_PER_RECORD, Duration.ofMillis(200)), inflight,
                new BackoffConfig(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0));
        CloudConsumer consumer = withConsumer ? new CloudConsumer(broker.url(), "outpost/" + gw) : null;
        try {
            // Reads are held until the link is up, so the clock measures streaming, not connecting.
            store.holdReads(true);
            try (MqttUplink uplink = new MqttUplink(config, new UplinkIdentity(gw, "bench", "bench"), store, UplinkListener.NONE,
                    new Random(1), LinkTimings.DEFAULTS, Clock.systemUTC())) {
                uplink.start();
                waitFor(() -> uplink.state() == LinkState.UP, uplink);
                long start = System.nanoTime();
                store.holdReads(false);
                uplink.wake();
                waitFor(() -> store.totalDepth() == 0, uplink);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Result(seconds, bytesPerRecord, uplink.stats().window());
            }
        } finally {
            if (consumer != null) {
                consumer.close();
            }
        }
    }

    private static void waitFor(BooleanSupplier condition, MqttUplink uplink) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                UplinkStats stats = uplink.stats();
                throw new IllegalStateException("benchmark stalled: " + stats);
            }
            Thread.sleep(1);
        }
    }
}
