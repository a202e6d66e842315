package io.outpost.bench;

import io.outpost.config.BatchConfig;
import io.outpost.config.UplinkConfig.Encoding;
import io.outpost.store.RecordBatcher;
import io.outpost.store.RecordEncoder;
import io.outpost.store.RepresentativeRecords;
import io.outpost.store.StoredRecord;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.value.Lane;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Bytes per reading on the wire, JSON against compact, for the job of a Node-RED flow that polls 1,000
 * Modbus registers every 100 ms and sends each poll as JSON arrays of 100 bare numbers. The samples go
 * through a real {@link RecordBatcher} at the default batch settings (500 samples, 200 ms), so the records
 * are the ones the gateway would store and publish; the Node-RED figure is computed from the same values,
 * written as JavaScript writes them. Payload bytes only: the MQTT header and topic come on top for both.
 *
 * <pre>
 * bench/java.sh RecordSizeBenchmark [polls]
 * </pre>
 */
public final class RecordSizeBenchmark {

    private static final int TAGS = 1000;
    private static final long POLL_MILLIS = 100;
    /** Registers per Modbus request: a poll of 1,000 is 8 requests, each stamped when it returns. */
    private static final int PER_REQUEST = 125;
    private static final int PER_NODE_RED_MESSAGE = 100;
    private static final BatchConfig DEFAULT_BATCH = new BatchConfig(500, Duration.ofMillis(200));

    /** One signal: the value of register {@code tag} at poll {@code poll}. */
    private interface Signal {
        Value at(int tag, int poll);
    }

    private RecordSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        System.out.println("| signal | encoding | records | samples/record | bytes/record | bytes/reading | vs Node-RED |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        Random seeds = new Random(42);
        int[] start = seeds.ints(TAGS, 0, 65536).toArray();
        scenario("uint16 counters, +1 every poll", polls, i -> "plc/hr" + (1000 + i),
                (tag, poll) -> Value.of((long) ((start[tag] + poll) & 0xFFFF)));
        Random noise = new Random(7);
        scenario("uint16, uniform random every poll", polls, i -> "plc/hr" + (1000 + i),
                (tag, poll) -> Value.of((long) noise.nextInt(65536)));
        double[] walk = new double[TAGS];
        Random steps = new Random(11);
        for (int i = 0; i < TAGS; i++) {
            walk[i] = 20 + steps.nextDouble() * 60;
        }
        scenario("float64 random walk (step σ 0.05)", polls, i -> "plc/temp" + (1000 + i), (tag, poll) -> {
            walk[tag] += 0.05 * steps.nextGaussian();
            return Value.of(walk[tag]);
        });
        scenario("float32 random walk (step σ 0.05)", polls, i -> "plc/temp" + (1000 + i), (tag, poll) -> {
            walk[tag] += 0.05 * steps.nextGaussian();
            return Value.of((double) (float) walk[tag]);
        });
        List<Sample> quiet = List.of(new Sample(TagId.parse("plc/hr1000"), 1_763_769_600_000L, Value.of(4711L), Quality.GOOD));
        for (Encoding encoding : Encoding.values()) {
            int bytes = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT, encoding)
                    .telemetry(1042, 1_763_769_600_123L, quiet).length;
            System.out.printf(Locale.ROOT, "| one sample (a quiet tag's record) | %s | 1 | 1 | %d | %d | |%n",
                    encoding.name().toLowerCase(Locale.ROOT), bytes, bytes);
        }
    }

    /** Runs one signal through both encodings with the same values; prints three rows. */
    private static void scenario(String name, int polls, IntFunction<String> tagName, Signal signal) throws Exception {
        List<List<Sample>> byPoll = new ArrayList<>();
        long t0 = 1_763_769_600_000L;
        for (int poll = 0; poll < polls; poll++) {
            List<Sample> samples = new ArrayList<>(TAGS);
            for (int tag = 0; tag < TAGS; tag++) {
                long ts = t0 + poll * POLL_MILLIS + tag / PER_REQUEST;
                samples.add(new Sample(TagId.parse(tagName.apply(tag)), ts, signal.at(tag, poll), Quality.GOOD));
            }
            byPoll.add(samples);
        }
        long readings = (long) polls * TAGS;
        double nodeRed = nodeRedBytes(byPoll) / (double) readings;
        for (Encoding encoding : Encoding.values()) {
            List<StoredRecord> records = batch(byPoll, encoding);
            long bytes = records.stream().mapToLong(r -> r.payload().length).sum();
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.0f | %,.0f | %.2f | %.2f× |%n", name,
                    encoding.name().toLowerCase(Locale.ROOT), records.size(), readings / (double) records.size(),
                    bytes / (double) records.size(), bytes / (double) readings, bytes / (double) readings / nodeRed);
        }
        System.out.printf(Locale.ROOT, "| %s | Node-RED (arrays of %d bare numbers) | %,d | %d | %,.0f | %.2f | 1.00× |%n",
                name, PER_NODE_RED_MESSAGE, readings / PER_NODE_RED_MESSAGE, PER_NODE_RED_MESSAGE,
                nodeRed * PER_NODE_RED_MESSAGE, nodeRed);
    }

    /** The records a batcher at the default settings makes of these polls, each poll arriving at its time. */
    private static List<StoredRecord> batch(List<List<Sample>> byPoll, Encoding encoding) throws Exception {
        InMemoryRecordStore store = new InMemoryRecordStore();
        AtomicLong now = new AtomicLong();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        RecordEncoder encoder = new RecordEncoder(RepresentativeRecords.GATEWAY, RepresentativeRecords.BOOT, encoding);
        try (RecordBatcher batcher = new RecordBatcher(store, encoder, DEFAULT_BATCH, timer, now::get,
                new RecordBatcher.Outcome() {
                    @Override
                    public void stored(StoredRecord record, int samples) {
                    }

                    @Override
                    public void refused(int samples, Throwable cause) {
                        throw new IllegalStateException("refused", cause);
                    }
                })) {
            for (List<Sample> poll : byPoll) {
                // The record's ts is when it closes: a few ms after the poll's last request returned.
                now.set(poll.get(poll.size() - 1).tsMillis() + 3);
                poll.forEach(batcher::accept);
            }
        } finally {
            timer.shutdownNow();
        }
        return store.read(Lane.TELEMETRY, 0, Integer.MAX_VALUE);
    }

    /** {@code [v,v,…]} per 100 registers, numbers as JavaScript's {@code JSON.stringify} writes them. */
    private static long nodeRedBytes(List<List<Sample>> byPoll) {
        long bytes = 0;
        for (List<Sample> poll : byPoll) {
            for (int i = 0; i < poll.size(); i += PER_NODE_RED_MESSAGE) {
                int n = Math.min(PER_NODE_RED_MESSAGE, poll.size() - i);
                bytes += 2 + (n - 1);
                for (int k = i; k < i + n; k++) {
                    bytes += javaScriptNumber(poll.get(k).value()).length();
                }
            }
        }
        return bytes;
    }

    /** The shortest decimal that reads back as the same double, which is what JavaScript prints. */
    private static String javaScriptNumber(Value value) {
        if (value instanceof Value.Int i) {
            return Long.toString(i.value());
        }
        double v = value.asDouble();
        if (v == Math.rint(v) && Math.abs(v) < 1e21) {
            return Long.toString((long) v);
        }
        for (int digits = 1; digits <= 17; digits++) {
            String text = String.format(Locale.ROOT, "%." + digits + "g", v);
            if (Double.parseDouble(text) == v) {
                return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
            }
        }
        return Double.toString(v);
    }
}
