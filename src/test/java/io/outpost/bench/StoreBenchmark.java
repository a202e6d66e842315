package io.outpost.bench;

import io.outpost.config.StoreConfig.OnFull;
import io.outpost.value.Lane;
import io.outpost.store.MapDbRecordStore;
import io.outpost.store.RecordStore;
import io.outpost.store.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durable append and drain throughput of {@link MapDbRecordStore} on this machine, as a Markdown table.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.outpost.bench.StoreBenchmark [dir]
 * </pre>
 *
 * Producers append without waiting (up to {@value #IN_FLIGHT} records in flight, as a batcher would)
 * and a record counts once its future completed, that is once it is committed to disk. Drain reads
 * pages of 100 and acknowledges each record, as the uplink does after each PUBACK, until the lane is
 * empty on disk.
 */
public final class StoreBenchmark {

    private static final int IN_FLIGHT = 512;
    private static final int SAMPLES_PER_RECORD = 500;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("store-bench");
        System.out.println("| scenario | records | record bytes | seconds | records/s | samples/s | MB/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        byte[] big = telemetryRecord(SAMPLES_PER_RECORD);
        byte[] small = telemetryRecord(1);

        try (MapDbRecordStore store = open(base.resolve("big"))) {
            row("durable append, 500-sample records", append(store, big, 3_000), big.length, SAMPLES_PER_RECORD);
            row("drain (read 100 + acknowledge), 500-sample records", drain(store), big.length, SAMPLES_PER_RECORD);
        }
        try (MapDbRecordStore store = open(base.resolve("both"))) {
            row("append and drain at once, 500-sample records", appendWhileDraining(store, big, 3_000), big.length,
                    SAMPLES_PER_RECORD);
        }
        try (MapDbRecordStore store = open(base.resolve("small"))) {
            row("durable append, 1-sample records", append(store, small, 100_000), small.length, 1);
            row("drain (read 100 + acknowledge), 1-sample records", drain(store), small.length, 1);
            row("durable append, 1-sample records, waiting for each", appendOneByOne(store, small, 500), small.length, 1);
        }
        try (MapDbRecordStore store = open(base.resolve("recovery"))) {
            append(store, small, 100_000);
        }
        long started = System.nanoTime();
        try (MapDbRecordStore store = open(base.resolve("recovery"))) {
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%nopen with %d records queued: %.3f s%n", store.stats(Lane.TELEMETRY).depth(), seconds);
        }
        if (args.length == 0) {
            deleteTree(base);
        }
    }

    private record Result(long records, double seconds) {
    }

    private static MapDbRecordStore open(Path dir) throws IOException {
        return MapDbRecordStore.open(dir, 1L << 30, OnFull.DROP_OLDEST, (lane, first, last, count, reason) -> { });
    }

    private static Result append(RecordStore store, byte[] payload, int records) throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<StoredRecord>> futures = new ArrayList<>(records);
        long started = System.nanoTime();
        for (int i = 0; i < records; i++) {
            inFlight.acquire();
            CompletableFuture<StoredRecord> f = store.append(Lane.TELEMETRY, seq -> payload);
            f.whenComplete((r, e) -> inFlight.release());
            futures.add(f);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return new Result(records, (System.nanoTime() - started) / 1e9);
    }

    private static Result appendOneByOne(RecordStore store, byte[] payload, int records) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < records; i++) {
            store.append(Lane.TELEMETRY, seq -> payload).get(1, TimeUnit.MINUTES);
        }
        return new Result(records, (System.nanoTime() - started) / 1e9);
    }

    private static Result drain(RecordStore store) throws InterruptedException {
        long records = 0;
        long after = 0;
        long started = System.nanoTime();
        for (List<StoredRecord> page = store.read(Lane.TELEMETRY, after, 100); !page.isEmpty();
                page = store.read(Lane.TELEMETRY, after, 100)) {
            for (StoredRecord r : page) {
                store.acknowledge(Lane.TELEMETRY, r.seq());
                after = r.seq();
                records++;
            }
        }
        while (store.stats(Lane.TELEMETRY).depth() > 0) {
            Thread.sleep(1);
        }
        return new Result(records, (System.nanoTime() - started) / 1e9);
    }

    /** One thread appends while this one drains: the store's steady state with the link up. */
    private static Result appendWhileDraining(RecordStore store, byte[] payload, int records) throws Exception {
        long started = System.nanoTime();
        CompletableFuture<Result> appended = CompletableFuture.supplyAsync(() -> {
            try {
                return append(store, payload, records);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long drained = 0;
        long after = 0;
        while (drained < records) {
            List<StoredRecord> page = store.read(Lane.TELEMETRY, after, 100);
            if (page.isEmpty()) {
                Thread.sleep(1);
            }
            for (StoredRecord r : page) {
                store.acknowledge(Lane.TELEMETRY, r.seq());
                after = r.seq();
                drained++;
            }
        }
        appended.get(10, TimeUnit.MINUTES);
        while (store.stats(Lane.TELEMETRY).depth() > 0) {
            Thread.sleep(1);
        }
        return new Result(records, (System.nanoTime() - started) / 1e9);
    }

    private static void row(String scenario, Result r, int recordBytes, int samplesPerRecord) {
        double perSecond = r.records() / r.seconds();
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.0f | %.1f |%n", scenario, r.records(), recordBytes,
                r.seconds(), perSecond, perSecond * samplesPerRecord, perSecond * recordBytes / 1e6);
    }

    /** A telemetry record as SPEC.md section 4 shows it, with {@code samples} samples of varied tags and values. */
    static byte[] telemetryRecord(int samples) {
        StringBuilder json = new StringBuilder("{\"gw\":\"press-line-7\",\"seq\":1042,\"boot\":\"5f0c2a9e\",\"ts\":1763769600123,\"samples\":[");
        for (int i = 0; i < samples; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"t\":\"press").append(i % 8).append("/").append(i % 3 == 0 ? "pressure" : "temperature_")
                    .append(i % 17).append("\",\"ts\":").append(1763769600100L + i * 10L)
                    .append(",\"v\":").append(String.format(Locale.ROOT, "%.3f", 7.25 + Math.sin(i) * 3))
                    .append(",\"q\":\"").append(i % 50 == 0 ? "uncertain" : "good").append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
