package io.outpost.demo;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-process MQTT 5 broker (HiveMQ CE embedded) on 127.0.0.1: the demo's "cloud" and the
 * tests' broker. In-memory persistence (file mode writes hundreds of MB per start), no extensions
 * unless a test brings one in code (to refuse CONNECTs or hold PUBACKs back), anonymous clients
 * allowed, no usage statistics. {@link #stop()} and {@link #start()} again on the
 * same port script an outage; retained messages and sessions do not survive it.
 *
 * <p>HiveMQ is never on the daemon's class path: only demo code and tests may use this class.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final long START_STOP_TIMEOUT_SECONDS = 60;
    /** HiveMQ's own server Receive Maximum. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 10;

    private final Path configFolder;
    private final Path dataFolder;
    private final Path extensionsFolder;
    private final int port;
    private final Optional<ExtensionMain> extension;
    private EmbeddedHiveMQ hivemq;

    /**
     * @param workDir a directory this broker may own (its config, data and extensions folders go below)
     * @param port the TCP port on 127.0.0.1, or 0 to pick a free one now
     */
    public EmbeddedBroker(Path workDir, int port) {
        this(workDir, port, DEFAULT_RECEIVE_MAXIMUM, Optional.empty());
    }

    /**
     * @param receiveMaximum the server Receive Maximum the broker announces in CONNACK
     * @param extension an extension started with the broker, in this class loader
     */
    public EmbeddedBroker(Path workDir, int port, int receiveMaximum, Optional<ExtensionMain> extension) {
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receive maximum must be 1..65535, was " + receiveMaximum);
        }
        this.extension = extension;
        try {
            this.configFolder = Files.createDirectories(workDir.resolve("conf"));
            this.dataFolder = Files.createDirectories(workDir.resolve("data"));
            this.extensionsFolder = Files.createDirectories(workDir.resolve("extensions"));
            this.port = port == 0 ? freeLoopbackPort() : port;
            Files.writeString(configFolder.resolve("config.xml"), configXml(this.port, receiveMaximum), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker under " + workDir, e);
        }
    }

    /** Starts the broker and returns once it accepts connections. */
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(configFolder)
                .withDataFolder(dataFolder)
                .withExtensionsFolder(extensionsFolder)
                .withoutLoggingBootstrap();
        extension.ifPresent(main -> builder.withEmbeddedExtension(EmbeddedExtension.builder().withId("embedded-test")
                .withName("embedded-test").withVersion("1").withPriority(0).withStartPriority(0)
                .withExtensionMain(main).build()));
        EmbeddedHiveMQ broker = builder.build();
        try {
            broker.start().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(broker);
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(broker);
            throw new IllegalStateException("embedded broker did not start on 127.0.0.1:" + port + ": " + e, e);
        }
        hivemq = broker;
    }

    /** Stops the broker: every client loses its connection, the port is closed. */
    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        EmbeddedHiveMQ broker = hivemq;
        hivemq = null;
        try {
            broker.stop().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded broker did not stop: " + e, e);
        } finally {
            closeQuietly(broker);
        }
    }

    public synchronized boolean isRunning() {
        return hivemq != null;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(EmbeddedHiveMQ broker) {
        try {
            broker.close();
        } catch (ExecutionException e) {
            // stopping already failed or was done; nothing more to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port free right now on the loopback interface (the OS picks it; it is released at once). */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static String configXml(int port, int receiveMaximum) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <receive-maximum>
                            <server-receive-maximum>%d</server-receive-maximum>
                        </receive-maximum>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, receiveMaximum);
    }
}
