package io.outpost.bench;

import io.outpost.config.BackoffConfig;
import io.outpost.config.BatchConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.testing.InMemoryRecordStore;
import io.outpost.testing.MosquittoBroker;
import io.outpost.uplink.LinkState;
import io.outpost.uplink.MqttUplink;
import io.outpost.uplink.UplinkIdentity;
import io.outpost.uplink.UplinkListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet's reconnect storm: {@code gateways} uplinks in one JVM, one MQTT client each, with the
 * configured defaults of SPEC §2 (backoff initial 1 s, max 2 m, multiplier 2, full jitter), connected
 * to one Mosquitto; the broker is stopped for {@code outage} seconds and started again on the same
 * port. Every connect attempt and every reconnect is timed from the broker's return; written to
 * {@code csv} (kind,ms: {@code attempt} when one begins, {@code up} when one succeeded) and summed up:
 * the reconnect rate in 1 s bins, its peak against its mean over the window from the broker's return
 * to the last reconnect, and the connect attempts per second the broker took while down and after.
 *
 * <pre>
 * bench/java.sh ReconnectStormBenchmark [gateways] [outage s] [csv]     defaults 1000, 30, storm.csv
 * </pre>
 *
 * The uplinks' stores are empty: the figure is the connects, not the backlog each would then send.
 */
public final class ReconnectStormBenchmark {

    private ReconnectStormBenchmark() {
    }

    private record Event(String kind, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int outageSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path csv = Path.of(args.length > 2 ? args[2] : "storm.csv");
        Path dir = Files.createTempDirectory("storm");
        ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
        AtomicInteger up = new AtomicInteger();
        List<MqttUplink> uplinks = new ArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.plain(dir, "max_keepalive 65535")) {
            broker.start();
            SecureRandom seeds = new SecureRandom();
            for (int i = 0; i < gateways; i++) {
                uplinks.add(uplink(broker, "gw-" + i, listener(events, up), new java.util.Random(seeds.nextLong())));
            }
            long t0 = System.nanoTime();
            uplinks.forEach(MqttUplink::start);
            await(() -> up.get() == gateways, Duration.ofMinutes(10), () -> up.get() + " of " + gateways + " connected");
            System.out.printf(Locale.ROOT, "all %d connected in %.1f s%n", gateways, (System.nanoTime() - t0) / 1e9);
            events.clear();

            long down = System.nanoTime();
            broker.stop();
            await(() -> up.get() == 0, Duration.ofMinutes(5), () -> up.get() + " still up");
            System.out.printf(Locale.ROOT, "broker stopped; all %d saw the link drop in %.1f s%n", gateways,
                    (System.nanoTime() - down) / 1e9);
            Thread.sleep(Math.max(0, outageSeconds * 1000L - (System.nanoTime() - down) / 1_000_000));
            broker.start();
            long back = System.nanoTime();
            await(() -> up.get() == gateways, Duration.ofMinutes(10), () -> up.get() + " of " + gateways + " back");
            long last = System.nanoTime();
            report(events, down, back, last, gateways, csv);
        } finally {
            uplinks.parallelStream().forEach(MqttUplink::close);
        }
    }

    private static UplinkListener listener(ConcurrentLinkedQueue<Event> events, AtomicInteger up) {
        return new UplinkListener() {
            private boolean isUp;

            @Override
            public void linkStateChanged(LinkState state, String reason) {
                if (state == LinkState.CONNECTING) {
                    events.add(new Event("attempt", System.nanoTime()));
                }
                boolean nowUp = state == LinkState.UP;
                if (nowUp && !isUp) {
                    up.incrementAndGet();
                    events.add(new Event("up", System.nanoTime()));
                } else if (!nowUp && isUp) {
                    up.decrementAndGet();
                }
                isUp = nowUp;
            }
        };
    }

    private static MqttUplink uplink(MosquittoBroker broker, String gw, UplinkListener listener, java.util.Random random) {
        UplinkConfig config = new UplinkConfig(URI.create(broker.url("tcp")), gw, Optional.empty(), Optional.empty(),
                Optional.empty(), "outpost/" + gw, new BatchConfig(500, Duration.ofMillis(200)), 32,
                new BackoffConfig(Duration.ofSeconds(1), Duration.ofMinutes(2), 2.0));
        return new MqttUplink(config, new UplinkIdentity(gw, "storm", "bench"), new InMemoryRecordStore(), listener, random);
    }

    private static void report(ConcurrentLinkedQueue<Event> events, long down, long back, long last, int gateways, Path csv)
            throws IOException {
        double windowSeconds = (last - back) / 1e9;
        int bins = (int) Math.ceil(windowSeconds) + 1;
        int[] ups = new int[bins];
        int attemptsDown = 0;
        int attemptsAfter = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("kind,ms_from_broker_back");
            for (Event e : events) {
                long ms = (e.nanos() - back) / 1_000_000;
                out.println(e.kind() + "," + ms);
                if (e.kind().equals("up") && ms >= 0) {
                    ups[(int) Math.min(bins - 1, ms / 1000)]++;
                } else if (e.kind().equals("attempt")) {
                    if (ms < 0) {
                        attemptsDown++;
                    } else {
                        attemptsAfter++;
                    }
                }
            }
        }
        int peak = 0;
        for (int n : ups) {
            peak = Math.max(peak, n);
        }
        double mean = gateways / Math.max(1.0, windowSeconds);
        double outage = (back - down) / 1e9;
        System.out.println("| gateways | outage | back to all connected | reconnects/s: peak (1 s bin) | mean over the window | peak / mean | connect attempts/s while down | attempts after the return (reconnects included) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %.1f s | %.1f s | %d | %.1f | %.2fx | %.1f | %d |%n", gateways, outage, windowSeconds,
                peak, mean, peak / mean, attemptsDown / outage, attemptsAfter);
        System.out.println("written: " + csv.toAbsolutePath());
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration limit, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("storm stalled: " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
