package io.outpost.bench;

import static io.outpost.bench.TelemetryCounter.SAMPLE_START;
import static io.outpost.bench.TelemetryCounter.indexOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;

/**
 * The cloud side of {@code bench/latency.sh}, in its own JVM on the gateway's machine (one clock):
 * subscribes to a telemetry topic at QoS 1 and, for every sample of every JSON record that arrives,
 * takes the time it was received minus the sample's {@code ts} (when the source made it).
 *
 * <ul>
 *   <li>{@code LatencyConsumer latency URL TOPIC WARMUP_S WINDOW_S RESULT_FILE}: from WARMUP_S after
 *       the first record, for WINDOW_S, a histogram of the latencies in milliseconds; writes
 *       {@code records samples p50 p90 p99 p999 max} (ms) to RESULT_FILE, then the same five of the
 *       record's own {@code ts} (when the batcher cut it) minus each sample's (time before the store),
 *       and of received minus the record's {@code ts} per record (store, uplink and broker), and exits.</li>
 *   <li>{@code LatencyConsumer alarms URL PREFIX WARMUP_S WINDOW_S RESULT_FILE}: the same for the alarm
 *       records ({@code PREFIX/alarms}) of {@code bench/alarm-latency.sh}, beside the telemetry
 *       ({@code PREFIX/telemetry}) of the same gateway over the same window: received minus the
 *       {@code value_ts} of the reading that raised or cleared the alarm; writes a first line
 *       {@code records p50 p90 p99 p999 max} (ms), then the five of the record's {@code ts} minus
 *       {@code value_ts} (reading made → record made) and of received minus the record's {@code ts}
 *       (store, uplink and broker); before it, the telemetry's as in {@code latency} to
 *       {@code RESULT_FILE.telemetry}.</li>
 *   <li>{@code LatencyConsumer first URL TOPIC RESULT_FILE}: writes the epoch milliseconds at which
 *       the first record arrived to RESULT_FILE and exits.</li>
 * </ul>
 * Both write {@code RESULT_FILE.ready} once subscribed.
 */
public final class LatencyConsumer {

    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);
    /** One bucket per millisecond up to a minute; anything later falls in the last. */
    private static final int BUCKETS = 60_001;

    private LatencyConsumer() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "latency" -> latency(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            case "alarms" -> alarms(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            case "first" -> first(args[1], args[2], Path.of(args[3]));
            default -> throw new IllegalArgumentException("latency, alarms or first, not " + args[0]);
        }
        System.exit(0);
    }

    private static void first(String url, String topic, Path result) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        long[] at = new long[1];
        MqttClient client = TelemetryCounter.subscribe(url, "first-record-consumer", topic, (from, message) -> {
            if (arrived.getCount() > 0) {
                at[0] = System.currentTimeMillis();
                arrived.countDown();
            }
        });
        ready(result);
        if (!arrived.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no record on " + topic + " within 120 s");
        }
        write(result, Long.toString(at[0]));
        client.disconnectForcibly(1000);
    }

    private static void latency(String url, String topic, int warmupSeconds, int windowSeconds, Path result)
            throws Exception {
        Histogram histogram = new Histogram();
        MqttClient client = TelemetryCounter.subscribe(url, "latency-consumer", topic,
                (from, message) -> histogram.record(System.currentTimeMillis(), message.getPayload()));
        ready(result);
        if (!histogram.firstRecord.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no record on " + topic + " within 120 s");
        }
        Thread.sleep(warmupSeconds * 1000L);
        histogram.counting = true;
        Thread.sleep(windowSeconds * 1000L);
        histogram.counting = false;
        write(result, histogram.summary());
        client.disconnectForcibly(1000);
    }

    private static void alarms(String url, String prefix, int warmupSeconds, int windowSeconds, Path result)
            throws Exception {
        AlarmHistogram alarms = new AlarmHistogram();
        Histogram telemetry = new Histogram();
        MqttClient client = TelemetryCounter.subscribe(url, "alarm-latency-consumer", prefix + "/#", (from, message) -> {
            long received = System.currentTimeMillis();
            if (from.equals(prefix + "/alarms")) {
                alarms.record(received, message.getPayload());
            } else if (from.equals(prefix + "/telemetry")) {
                telemetry.record(received, message.getPayload());
            }
        });
        ready(result);
        if (!alarms.firstRecord.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no record on " + prefix + "/alarms within 120 s");
        }
        Thread.sleep(warmupSeconds * 1000L);
        alarms.counting = true;
        telemetry.counting = true;
        Thread.sleep(windowSeconds * 1000L);
        alarms.counting = false;
        telemetry.counting = false;
        write(Path.of(result + ".telemetry"), telemetry.summary());
        write(result, alarms.summary());
        client.disconnectForcibly(1000);
    }

    private static void ready(Path result) throws Exception {
        write(Path.of(result + ".ready"), "1");
    }

    private static void write(Path file, String line) throws Exception {
        Path aside = Path.of(file + ".new");
        Files.writeString(aside, line + "\n");
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Latencies in ms; written only by Paho's callback thread, read once counting has stopped. */
    private static final class Histogram {
        final CountDownLatch firstRecord = new CountDownLatch(1);
        final Buckets endToEnd = new Buckets();
        final Buckets beforeStore = new Buckets();
        final Buckets afterCut = new Buckets();
        volatile boolean counting;
        long records;

        synchronized void record(long receivedMillis, byte[] payload) {
            firstRecord.countDown();
            if (!counting) {
                return;
            }
            records++;
            // The record's ts comes before its samples (docs/protocol.md): the first "ts": is the record's.
            long cut = numberAt(payload, indexOf(payload, TS, 0) + TS.length);
            afterCut.add(receivedMillis - cut);
            for (int i = indexOf(payload, SAMPLE_START, 0); i >= 0; i = indexOf(payload, SAMPLE_START, i + 1)) {
                long made = numberAt(payload, indexOf(payload, TS, i) + TS.length);
                endToEnd.add(receivedMillis - made);
                beforeStore.add(cut - made);
            }
        }

        synchronized String summary() {
            return records + " " + endToEnd.count + " " + endToEnd.percentiles() + " " + beforeStore.percentiles()
                    + " " + afterCut.percentiles();
        }

        private static long numberAt(byte[] payload, int at) {
            long n = 0;
            while (payload[at] >= '0' && payload[at] <= '9') {
                n = n * 10 + (payload[at++] - '0');
            }
            return n;
        }
    }

    /** Alarm-record latencies in ms; written only by Paho's callback thread, read once counting has stopped. */
    private static final class AlarmHistogram {
        final ObjectMapper json = new ObjectMapper();
        final CountDownLatch firstRecord = new CountDownLatch(1);
        final Buckets endToEnd = new Buckets();
        final Buckets beforeRecord = new Buckets();
        final Buckets afterRecord = new Buckets();
        volatile boolean counting;

        synchronized void record(long receivedMillis, byte[] payload) {
            firstRecord.countDown();
            if (!counting) {
                return;
            }
            try {
                JsonNode record = json.readTree(payload);
                long made = record.get("value_ts").asLong();
                long recorded = record.get("ts").asLong();
                endToEnd.add(receivedMillis - made);
                beforeRecord.add(recorded - made);
                afterRecord.add(receivedMillis - recorded);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not an alarm record: " + new String(payload, StandardCharsets.UTF_8), e);
            }
        }

        synchronized String summary() {
            return endToEnd.count + " " + endToEnd.percentiles() + " " + beforeRecord.percentiles() + " "
                    + afterRecord.percentiles();
        }
    }

    /** One bucket per millisecond. */
    private static final class Buckets {
        final long[] counts = new long[BUCKETS];
        long count;

        void add(long millis) {
            counts[(int) Math.max(0, Math.min(BUCKETS - 1, millis))]++;
            count++;
        }

        /** p50 p90 p99 p99.9 max. */
        String percentiles() {
            return percentile(0.50) + " " + percentile(0.90) + " " + percentile(0.99) + " " + percentile(0.999) + " "
                    + percentile(1.0);
        }

        private long percentile(double p) {
            long rank = Math.max(1, (long) Math.ceil(p * count));
            long seen = 0;
            for (int ms = 0; ms < BUCKETS; ms++) {
                seen += counts[ms];
                if (seen >= rank) {
                    return ms;
                }
            }
            return BUCKETS - 1;
        }
    }
}
