package io.outpost.demo;

import io.outpost.threads.DaemonThreads;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The demo's line controller: an in-process OPC UA server (Eclipse Milo) on a loopback port,
 * security None, anonymous clients only, whose variables move so the gateway's subscription has
 * something to report. Without a secured endpoint the server needs no certificate: it writes no
 * file anywhere. Its namespace {@value #NAMESPACE}:
 * <pre>
 *   s=Line/Temperature  Double   oven temperature (°C), a slow wave
 *   s=Line/PartsMade    UInt32   counts up while the line runs
 *   s=Line/Running      Boolean  runs 9 s, stops 3 s
 *   s=Line/State        String   producing | changeover | starved
 * </pre>
 */
final class DemoOpcUaServer implements AutoCloseable {

    /** {@link DemoConfig}'s node ids name it ({@code nsu=urn:outpost:demo;s=Line/Temperature}). */
    static final String NAMESPACE = "urn:outpost:demo";
    private static final String TEMPERATURE = "Line/Temperature";
    private static final String PARTS_MADE = "Line/PartsMade";
    private static final String RUNNING = "Line/Running";
    private static final String STATE = "Line/State";

    private static final String PATH = "/outpost-demo";
    private static final String APPLICATION_URI = "urn:outpost:demo-line";
    private static final long START_STOP_TIMEOUT_SECONDS = 30;
    private static final long TICK_MS = 250;
    private static final long CYCLE_SECONDS = 12;
    private static final long RUN_SECONDS = 9;

    /** Starts the server, then moves its values; the server's own work runs on Milo's threads. */
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("demo-opcua-device"));
    private final long started = System.nanoTime();
    private final int port;
    private final Future<?> startup;
    // Set on the ticker thread; close() reads them after the ticker has terminated.
    private OpcUaServer server;
    private VariableNamespace namespace;
    private long partsMade = 4_200;

    /** Starts the server in the background (it takes a second or two: Milo builds the standard address space). */
    DemoOpcUaServer() throws IOException {
        this.port = freeLoopbackPort();
        this.startup = ticker.submit(() -> {
            start();
            return null;
        });
    }

    /** Returns once the server accepts clients. */
    void awaitStarted() throws IOException, InterruptedException {
        try {
            startup.get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("the demo's OPC UA server did not start on 127.0.0.1:" + port + ": " + cause, cause);
        }
    }

    private void start() throws Exception {
        server = LoopbackOpcUaServers.server(config(port));
        server.getNamespaceTable().add(NAMESPACE);
        namespace = new VariableNamespace(server, NAMESPACE, line -> {
            line.add(TEMPERATURE, NodeIds.Double, new Variant(0.0));
            line.add(PARTS_MADE, NodeIds.UInt32, new Variant(Unsigned.uint(0)));
            line.add(RUNNING, NodeIds.Boolean, new Variant(false));
            line.add(STATE, NodeIds.String, new Variant(""));
        });
        namespace.startup();
        update();
        server.startup().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ticker.scheduleAtFixedRate(this::update, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** {@code opc.tcp://127.0.0.1:<port>/outpost-demo}. */
    String endpoint() {
        return "opc.tcp://127.0.0.1:" + port + PATH;
    }

    private void update() {
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long cycle = elapsedMs / 1000 / CYCLE_SECONDS;
        boolean running = elapsedMs / 1000 % CYCLE_SECONDS < RUN_SECONDS;
        if (running) {
            partsMade++;
        }
        double temperature = Math.round((182 + 6 * Math.sin(elapsedMs / 9000.0)) * 100) / 100.0;
        namespace.set(TEMPERATURE, temperature);
        namespace.set(PARTS_MADE, Unsigned.uint(partsMade));
        namespace.set(RUNNING, running);
        namespace.set(STATE, running ? "producing" : cycle % 2 == 0 ? "changeover" : "starved");
    }

    private static OpcUaServerConfig config(int port) {
        return LoopbackOpcUaServers.config(APPLICATION_URI, "Outpost demo line")
                .setEndpoints(Set.of(LoopbackOpcUaServers.endpoint(port, PATH, SecurityPolicy.None, MessageSecurityMode.None)
                        .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                        .build()))
                // No certificate group: a None endpoint needs none, and nothing is kept on disk.
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), List.of()))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        if (!ticker.awaitTermination(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS) || server == null) {
            return;
        }
        namespace.shutdown();
        try {
            server.shutdown().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The demo is ending; its verdict does not depend on a clean server stop.
        }
    }
}
