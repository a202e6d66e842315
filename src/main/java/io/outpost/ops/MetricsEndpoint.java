package io.outpost.ops;

import io.outpost.config.MetricsConfig.ListenAddress;
import io.outpost.threads.DaemonThreads;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics.listen}: the Prometheus endpoint ({@code /metrics}, Prometheus text or OpenMetrics as the
 * scraper asks) on the JDK's HTTP server. Requests are answered one at a time on the one
 * {@code metrics-http} thread, with at most {@value #QUEUED_REQUESTS} waiting: a scraper or two, not a
 * web server. The JDK server adds its own {@code HTTP-Dispatcher} thread (accepting connections) and
 * its {@code idle-timeout-task} timer.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    static final int QUEUED_REQUESTS = 8;

    private final HTTPServer server;
    private final ExecutorService requests;

    private MetricsEndpoint(HTTPServer server, ExecutorService requests) {
        this.server = server;
        this.requests = requests;
    }

    /** Listens on {@code address}; fails with the address and the reason when the port cannot be had. */
    public static MetricsEndpoint start(ListenAddress address, PrometheusRegistry registry) {
        ExecutorService requests = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUED_REQUESTS), DaemonThreads.named("metrics-http"),
                new ThreadPoolExecutor.DiscardPolicy());
        try {
            HTTPServer server = HTTPServer.builder().hostname(address.host()).port(address.port()).registry(registry)
                    .executorService(requests).buildAndStart();
            log.info("event=metrics-listening address={}:{} path=/metrics", address.host(), server.getPort());
            return new MetricsEndpoint(server, requests);
        } catch (IOException | RuntimeException e) {
            requests.shutdownNow();
            throw new IllegalStateException("metrics.listen " + address.host() + ":" + address.port()
                    + " cannot be listened on (" + e.getMessage() + "); free the port or choose another", e);
        }
    }

    /** The port listened on (the configured one). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
        requests.shutdownNow();
    }
}
