package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.testing.Await;
import io.outpost.testing.CloudConsumer;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.JsonRecords;
import io.outpost.testing.MosquittoBroker;
import io.outpost.testing.TestPayloads;
import io.outpost.value.Lane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metrics.listen} on a real daemon: the scrape is valid for {@code promtool}, in both formats,
 * its counters agree with what a consumer received across a broker outage, and without the key the
 * daemon holds no listening socket at all.
 */
class MetricsIT {

    private static final String PREFIX = "outpost/metrics-gw";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path work;

    @Test
    void scrapeIsValidAndItsCountersMatchWhatTheConsumerReceivedAcrossABrokerOutage() throws Exception {
        int port = FreePorts.loopback();
        try (MosquittoBroker broker = MosquittoBroker.persistent(work.resolve("mosquitto"))) {
            broker.start();
            Path config = GatewayYaml.of("metrics-gw", work.resolve("data")).uplink(broker.url("tcp"))
                    .backoff("200ms", "1s").sources(GatewayYaml.SIM_COUNTER)
                    .section("metrics:\n  listen: " + port + "\n  tag_labels: [\"*/count*\"]\n")
                    .write(work.resolve("outpost.yaml"));
            try (CloudConsumer cloud = new CloudConsumer(broker.url("tcp"), PREFIX, true);
                    DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                cloud.awaitUntil("first records", PATIENCE, all -> cloud.seqs(PREFIX, Lane.TELEMETRY).size() >= 5);

                String text = scrape(port, "text/plain");
                promtoolAccepts(text);
                assertTrue(value(text, "outpost_samples_read_total", "source=\"sim\"") > 0, text);
                assertTrue(value(text, "outpost_samples_sent_total", "source=\"sim\"") > 0, text);
                assertTrue(value(text, "outpost_source_poll_duration_seconds_count", "source=\"sim\"") > 0, text);
                assertTrue(value(text, "outpost_tag_value", "tag=\"sim/counter\"") >= 0, text);
                assertEquals(1, text.lines().filter(l -> l.startsWith("outpost_tag_value{")).count(), text);
                value(text, "outpost_source_missed_polls_total", "source=\"sim\""); // exported per source (fails when absent)
                assertEquals(1, value(text, "outpost_uplink_up", ""), text);
                assertTrue(value(text, "outpost_store_commit_duration_seconds_count", "") > 0, text);
                assertTrue(text.contains("jvm_memory_used_bytes") && text.contains("process_resident_memory_bytes"), text);
                // promtool 2.42 lints the Prometheus text format only (it has no OpenMetrics `info` type).
                String open = scrape(port, "application/openmetrics-text; version=1.0.0");
                assertTrue(open.contains("# UNIT process_resident_memory_bytes bytes"), open);
                assertTrue(open.stripTrailing().endsWith("# EOF"), open);

                // Broker down: the queue grows, and its oldest record ages.
                broker.stop();
                AtomicLong seen = new AtomicLong();
                Await.until("telemetry queue depth above 5", PATIENCE, () -> {
                    long depth = (long) value(scrape(port, "text/plain"), "outpost_queue_records", "lane=\"telemetry\"");
                    seen.set(depth);
                    return depth > 5;
                }, daemon::output);
                Await.until("telemetry queue depth rising", PATIENCE,
                        () -> value(scrape(port, "text/plain"), "outpost_queue_records", "lane=\"telemetry\"") > seen.get(),
                        daemon::output);
                String down = scrape(port, "text/plain");
                assertEquals(0, value(down, "outpost_uplink_up", ""), down);
                assertTrue(value(down, "outpost_queue_oldest_age_seconds", "lane=\"telemetry\"") >= 1, down);
                promtoolAccepts(down);

                // Broker back: the queue drains to zero, and then the samples counted as stored are the ones
                // the consumer has in the records up to the lane's last seq.
                broker.start();
                Map<String, Object> last = new HashMap<>();
                Await.until("queue empty and samples stored = samples received", PATIENCE, () -> {
                    String now = scrape(port, "text/plain");
                    last.put("scrape", now);
                    if (value(now, "outpost_queue_records", "lane=\"telemetry\"") != 0) {
                        return false;
                    }
                    long lastSeq = (long) value(now, "outpost_queue_last_seq", "lane=\"telemetry\"");
                    long stored = (long) value(now, "outpost_samples_stored_total", "");
                    long received = receivedSamples(cloud, lastSeq);
                    last.put("counts", "last_seq=" + lastSeq + " stored=" + stored + " received=" + received);
                    return received == stored;
                }, () -> last + "\n" + daemon.output());
                // Samples sent (in records the broker acknowledged) = samples the consumer counted. Sent counts
                // on the PUBACK, the consumer on delivery: equal whenever no record is between the two.
                Await.until("samples sent = samples the consumer counted", PATIENCE, () -> {
                    long sent = (long) value(scrape(port, "text/plain"), "outpost_samples_sent_total", "source=\"sim\"");
                    long received = receivedSamples(cloud, Long.MAX_VALUE);
                    last.put("sent", "sent=" + sent + " received=" + received);
                    return sent == received;
                }, () -> last.get("sent") + "\n" + daemon.output());
                String after = (String) last.get("scrape");
                assertTrue(value(after, "outpost_uplink_disconnects_total", "") >= 1, after);
                assertEquals(0, value(after, "outpost_queue_oldest_age_seconds", "lane=\"telemetry\""), after);
                long lastSeq = (long) value(after, "outpost_queue_last_seq", "lane=\"telemetry\"");
                assertTrue(value(after, "outpost_records_acknowledged_total", "lane=\"telemetry\"") >= lastSeq, after);
                assertTrue(value(after, "outpost_publish_ack_duration_seconds_count", "lane=\"telemetry\"") >= lastSeq, after);
                assertEquals(0, value(after, "outpost_samples_refused_total", ""), after);
                int exit = daemon.terminate();
                assertTrue(exit == 0 || exit == 143, "exit " + exit + "\n" + daemon.output());
            }
        }
    }

    @Test
    void withoutMetricsTheDaemonListensOnNoTcpPort() throws Exception {
        Path config = GatewayYaml.of("no-metrics", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                .write(work.resolve("outpost.yaml"));
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
            Await.until("the gateway started", PATIENCE, () -> daemon.output().contains("event=gateway-started"),
                    daemon::output);
            assertEquals(List.of(), listeningTcpSockets(daemon.pid()), daemon.output());
            assertFalse(daemon.output().contains("event=metrics-listening"), daemon.output());
        }
    }

    @Test
    void aMetricsPortAloneListensOnTheLoopbackOnly() throws Exception {
        int port = FreePorts.loopback();
        Path config = GatewayYaml.of("port-only", work.resolve("data")).sources(GatewayYaml.SIM_COUNTER)
                .section("metrics:\n  listen: " + port + "\n").write(work.resolve("outpost.yaml"));
        try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
            Await.until("the endpoint listening", PATIENCE,
                    () -> daemon.output().contains("event=metrics-listening"), daemon::output);
            assertEquals(List.of("127.0.0.1:" + port), listeningTcpSockets(daemon.pid()), daemon.output());
        }
    }

    /** {@code address:port} of each TCP socket in LISTEN state the process holds (IPv4 and IPv6). */
    static List<String> listeningTcpSockets(long pid) throws IOException {
        Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    listening.add(address(f[1]));
                }
            }
        }
        return listening;
    }

    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.startsWith("0000000000000000FFFF0000")) {
            ip = ip.substring(24); // IPv4-mapped: a Java socket bound to an IPv4 address on a dual-stack system
        }
        if (ip.length() == 8) {
            long v = Long.parseLong(ip, 16);
            return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff) + ":" + port;
        }
        return "[" + ip + "]:" + port;
    }

    /**
     * Samples in the distinct telemetry records with seq up to {@code lastSeq} (at most the highest the
     * consumer has) the consumer has; -1 while one is missing.
     */
    private static long receivedSamples(CloudConsumer cloud, long lastSeq) {
        Map<Long, Integer> bySeq = new HashMap<>();
        for (CloudConsumer.Received r : cloud.on(PREFIX + "/telemetry")) {
            long seq = TestPayloads.seqOf(r.payload());
            JsonNode record = JsonRecords.tree(r.payload());
            bySeq.putIfAbsent(seq, record.path("samples").size());
        }
        long total = 0;
        long upTo = Math.min(lastSeq, bySeq.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        for (long seq = 1; seq <= upTo; seq++) {
            Integer n = bySeq.get(seq);
            if (n == null) {
                return -1;
            }
            total += n;
        }
        return total;
    }

    static String scrape(int port, String accept) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Accept", accept).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The value of the sample {@code name{labels}} ({@code labels} as written inside the braces, or ""). */
    static double value(String scrape, String name, String labels) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + (labels.isEmpty() ? "" : "\\{" + Pattern.quote(labels) + "\\}")
                + " (\\S+)", Pattern.MULTILINE);
        Matcher m = p.matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }

    /** {@code promtool check metrics} reads the scrape from stdin: exit 0 and no lint problem. */
    static void promtoolAccepts(String scrape) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), "promtool check metrics:\n" + out + "\non:\n" + scrape);
    }
}
