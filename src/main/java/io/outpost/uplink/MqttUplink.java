package io.outpost.uplink;

import io.outpost.config.TlsConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.store.RecordStore;
import io.outpost.threads.Heartbeat;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The MQTT 5 link to the cloud broker: drains the store's lanes (alarms, then events, then telemetry)
 * as QoS 1 publishes and releases each record from the store only on its PUBACK; subscribes the
 * command filters and sends the handlers' replies. This class only wires the parts and guards the
 * order of calls:
 * {@link LinkLoop} runs the connection's life cycle ({@link LinkLifecycle}) with its own connect loop
 * ({@link ConnectAttempt}, {@link ConnectSettings}) and reconnect delays ({@link ReconnectPolicy}),
 * {@link RecordSender} does flow control ({@link SendWindow}), {@link InboundRouter} and
 * {@link ReplySender} handle commands, all through the {@link Transport} seam ({@link PahoTransport}).
 *
 * <p>Thread-safe; the link's state is owned by the {@code uplink} thread, command handlers run on
 * {@code uplink-inbound}.
 */
public final class MqttUplink implements AutoCloseable {

    private final InboundRouter inbound = new InboundRouter();
    private final ReplySender replies;
    private final Wakeup wakeup = new Wakeup();
    private final LinkLifecycle lifecycle;
    private final LinkReport report;
    private final RecordSender records;
    private final ReconnectPolicy reconnect;
    private final LinkLoop loop;
    private boolean started;
    private volatile boolean closing;

    public MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener, Random random) {
        this(config, identity, store, listener, random, LinkTimings.DEFAULTS, Clock.systemUTC());
    }

    public MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener,
            Random random, LinkTimings timings, Clock clock) {
        this(config, identity, store, listener, random, timings, clock, paho(config), LinkLoop.newHeartbeat());
    }

    /**
     * An uplink that beats {@code heartbeat} (one made by {@link #newHeartbeat()}), so one that replaces another
     * (a reload) keeps the pipeline watchdog's view of it.
     */
    public MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener,
            Random random, Heartbeat heartbeat) {
        this(config, identity, store, listener, random, LinkTimings.DEFAULTS, Clock.systemUTC(), paho(config), heartbeat);
    }

    /** A heartbeat for {@link #MqttUplink(UplinkConfig, UplinkIdentity, RecordStore, UplinkListener, Random, Heartbeat)}. */
    public static Heartbeat newHeartbeat() {
        return LinkLoop.newHeartbeat();
    }

    private static Transport paho(UplinkConfig config) {
        return new PahoTransport(config.url(), config.clientId(), new LinkErrors(config.url(), config.tls()
                .flatMap(TlsConfig::caFile).map(p -> "uplink.tls.ca_file " + p).orElse("the JVM's default trust store"),
                config.clientId()));
    }

    MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener,
            Random random, LinkTimings timings, Clock clock, Transport transport) {
        this(config, identity, store, listener, random, timings, clock, transport, LinkLoop.newHeartbeat());
    }

    private MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener,
            Random random, LinkTimings timings, Clock clock, Transport transport, Heartbeat heartbeat) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timings, "timings");
        if (config.inflight() < 1) {
            throw new IllegalArgumentException("uplink.inflight must be at least 1, got " + config.inflight());
        }
        this.report = new LinkReport(Objects.requireNonNull(listener, "listener"));
        this.lifecycle = new LinkLifecycle(report);
        this.replies = new ReplySender(wakeup);
        this.records = new RecordSender(Objects.requireNonNull(store, "store"), new SendWindow(config.backoff(), random),
                config.topicPrefix(), wakeup, report);
        this.reconnect = new ReconnectPolicy(config.backoff(), random, System::nanoTime, timings.stablePeriod());
        StatusTopic status = new StatusTopic(config.topicPrefix(), new StatusPayloads(Objects.requireNonNull(identity, "identity")),
                Objects.requireNonNull(clock, "clock"));
        ConnectAttempt attempt = new ConnectAttempt(transport, new ConnectSettings(config, timings, status.offline()), status,
                inbound, timings, config.url(), wakeup, this::closing, report);
        this.loop = new LinkLoop(new LinkLoop.Parts(lifecycle, attempt, records, replies, inbound, reconnect, status, report, wakeup),
                this::closing, timings, config.inflight(), config.url(), config.clientId(), heartbeat);
    }

    /**
     * Subscribes {@code topicFilter} at QoS 1 on every connect from now on, handing its messages to
     * {@code handler}. Only before {@link #start()}.
     */
    public synchronized void subscribe(String topicFilter, InboundHandler handler) {
        if (started) {
            throw new IllegalStateException("subscribe before the uplink starts");
        }
        inbound.add(topicFilter, handler);
    }

    /** Starts the {@code uplink} thread; it connects, and reconnects, until {@link #close()}. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("uplink already started");
        }
        started = true;
        inbound.start();
        loop.start();
    }

    /**
     * Queues a reply: QoS 1, not retained, to {@code topic} with {@code correlationData} (when given),
     * sent by the {@code uplink} thread once the link is up. Never blocks. Returns false when the reply
     * queue is full or the uplink is closing; the reply is then not sent.
     */
    public boolean reply(String topic, Optional<byte[]> correlationData, byte[] payload) {
        return !closing && replies.offer(topic, correlationData, payload);
    }

    /**
     * Queues a retained QoS 1 publish to {@code topic} (the reported twin), sent like a reply once the link is up.
     * Never blocks; false when the queue is full or the uplink is closing.
     */
    public boolean publishRetained(String topic, byte[] payload) {
        return !closing && replies.offerRetained(topic, payload);
    }

    /** New records are in the store. Cheap and non-blocking: the store's {@code onAppended} may call it. */
    public void wake() {
        wakeup.signal();
    }

    /**
     * The {@code uplink} thread's heartbeat: kept while it connects, streams or backs off, each within
     * the time it gave itself; it stops when the thread hangs.
     */
    public Heartbeat heartbeat() {
        return loop.heartbeat();
    }

    public LinkState state() {
        return lifecycle.state();
    }

    public UplinkStats stats() {
        return new UplinkStats(lifecycle.state(), lifecycle.connects(), lifecycle.failedConnects(), lifecycle.disconnects(),
                records.published(), records.acknowledged(), records.refused(), records.inflightNow(), records.windowNow(),
                reconnect.attempt(), reconnect.lastDelay(), report.lastError(), lifecycle.upSinceMillis(),
                lifecycle.phase() == LinkLifecycle.Phase.BACKING_OFF ? Optional.of(reconnect.retryIn()) : Optional.empty());
    }

    /**
     * Stops publishing, waits briefly for PUBACKs in flight, publishes the retained offline status and
     * disconnects cleanly (a normal DISCONNECT suppresses the Last Will, hence the explicit status; if
     * that publish fails the DISCONNECT asks the broker to send the Will instead). Records not
     * acknowledged stay in the store.
     */
    @Override
    public void close() {
        synchronized (this) {
            boolean running = started && !closing;
            closing = true;
            if (!running) {
                return;
            }
        }
        wakeup.signal();
        inbound.close();
        loop.join();
    }

    private boolean closing() {
        return closing;
    }
}
