package io.outpost.bench;

import io.outpost.config.BackoffConfig;
import io.outpost.config.BatchConfig;
import io.outpost.config.StoreConfig.OnFull;
import io.outpost.config.UplinkConfig;
import io.outpost.value.Lane;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.StoredRecord;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TestPayloads;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.MqttUplink;
import io.outpost.uplink.UplinkIdentity;
import io.outpost.uplink.UplinkListener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The queue drained to a real broker: records of 500 samples already on disk in the MapDB store,
 * read, published to a local Mosquitto (its own process) and released on PUBACK, until the lane is
 * empty. Prints one Markdown table row. Not a test: figures depend on the machine.
 *
 * <pre>
 * bench/java.sh DeliveryBenchmark [records] [inflight]
 * </pre>
 */
public final class DeliveryBenchmark {

    private static final int SAMPLES_PER_RECORD = 500;

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int inflight = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path dir = Files.createTempDirectory("delivery-bench");
        try (MosquittoBroker broker = MosquittoBroker.plain(dir.resolve("mosquitto"));
                MapDbRecordStore store = MapDbRecordStore.open(dir.resolve("queue"), 1L << 30, OnFull.DROP_OLDEST,
                        (lane, first, last, count, reason) -> { })) {
            broker.start();
            // Only the last future is kept: the store commits in order, and a completed future holds its payload.
            CompletableFuture<StoredRecord> last = null;
            for (int i = 0; i < records; i++) {
                last = store.append(Lane.TELEMETRY, seq -> TestPayloads.record("bench", Lane.TELEMETRY, seq,
                        SAMPLES_PER_RECORD));
            }
            last.join();
            long bytesPerRecord = store.stats(Lane.TELEMETRY).bytes() / records;

            UplinkConfig config = new UplinkConfig(URI.create(broker.url("tcp")), "bench", Optional.empty(),
                    Optional.empty(), Optional.empty(), "outpost/bench", new BatchConfig(SAMPLES_PER_RECORD,
                    Duration.ofMillis(200)), inflight, new BackoffConfig(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0));
            try (MqttUplink uplink = new MqttUplink(config, new UplinkIdentity("bench", "bench", "bench"), store,
                    UplinkListener.NONE, new Random(1))) {
                uplink.start();
                waitFor(() -> uplink.state() == LinkState.UP);
                // The uplink starts sending the moment it is up: count only what is left from here on.
                long left = store.stats(Lane.TELEMETRY).depth();
                long start = System.nanoTime();
                waitFor(() -> store.stats(Lane.TELEMETRY).depth() == 0);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.println("| records on disk | samples/record | bytes/record | inflight (window) | seconds | records/s | samples/s | MB/s |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                System.out.printf("| %d | %d | %d | %d (%d) | %.2f | %.0f | %.0f | %.1f |%n", left, SAMPLES_PER_RECORD,
                        bytesPerRecord, inflight, uplink.stats().window(), seconds, left / seconds,
                        left * (double) SAMPLES_PER_RECORD / seconds, left * (double) bytesPerRecord / seconds / 1e6);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark stalled");
            }
            Thread.sleep(1);
        }
    }
}
