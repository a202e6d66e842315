package io.outpost.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.testing.Await;
import io.outpost.testing.FreePorts;
import io.outpost.testing.GatewayYaml;
import io.outpost.testing.MosquittoBroker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard ({@code docs/grafana/outpost.json}) against a real Prometheus (Debian's) scraping
 * a real daemon: every PromQL query of every panel, with the gateway variable at "All", returns series.
 */
class DashboardIT {

    private static final Path DASHBOARD = Path.of("docs/grafana/outpost.json");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path work;

    @Test
    void everyQueryOfTheDashboardReturnsSeriesFromARealPrometheus() throws Exception {
        List<String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertFalse(queries.isEmpty());
        int metricsPort = FreePorts.loopback();
        int prometheusPort = FreePorts.loopback();
        try (MosquittoBroker broker = MosquittoBroker.plain(work.resolve("mosquitto"))) {
            broker.start();
            Path config = GatewayYaml.of("dash-gw", work.resolve("data")).uplink(broker.url("tcp"))
                    .sources(GatewayYaml.SIM_COUNTER).section("metrics:\n  listen: " + metricsPort + "\n")
                    .write(work.resolve("outpost.yaml"));
            Path promConfig = Files.writeString(work.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: outpost
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(metricsPort));
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + promConfig,
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            try (DaemonProcess daemon = DaemonProcess.start(work.resolve("daemon.log"), "run", "-c", config.toString())) {
                Map<String, String> empty = new LinkedHashMap<>();
                Await.until("every dashboard query returns series", PATIENCE, () -> {
                    empty.clear();
                    for (String q : queries) {
                        String result = query(prometheusPort, q);
                        if (result == null) {
                            empty.put(q, "no series");
                        }
                    }
                    return empty.isEmpty();
                }, () -> empty + "\n" + daemon.output() + "\n" + log(work.resolve("prometheus.log")));
                assertEquals(Map.of(), empty);
            } finally {
                prometheus.destroy();
                prometheus.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Every {@code expr} of the dashboard's panels, the gateway variable set to "All" (its {@code allValue}). */
    static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText().replace("$instance", ".+"));
            }
        }
        return out;
    }

    /** The query's result as JSON text, or null when it has no series. */
    private static String query(int port, String promql) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode result = new ObjectMapper().readTree(r.body()).path("data").path("result");
            return result.isArray() && result.size() > 0 ? result.toString() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String log(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "";
        }
    }
}
