package io.outpost.uplink;

import io.outpost.threads.DaemonThreads;

import io.outpost.config.TlsConfig;
import io.outpost.config.UplinkConfig;
import io.outpost.value.Backoff;
import io.outpost.value.Lane;
import io.outpost.store.RecordStore;
import io.outpost.store.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 5 link to the cloud broker: drains the store's lanes (alarms, then events, then
 * telemetry) as QoS 1 publishes and releases each record from the store only on its PUBACK.
 *
 * <p>One thread, {@code uplink}, owns the connection and all sending state. It runs its own connect
 * loop (Paho's automatic reconnect never retries a failed first connect and never times out a
 * broker that is silent before CONNACK): every attempt gets a fresh client with in-memory
 * persistence and clean start, and is abandoned after {@link LinkTimings#connectTimeout()}. Between
 * attempts it waits {@code random(0, min(max, initial * multiplier^attempt))}; the attempt count goes
 * back to 0 once a connection has stayed up for {@link LinkTimings#stablePeriod()}.
 *
 * <p>Nothing is kept in the MQTT session: after any reconnect each lane is read again from the
 * store's head, so every record not yet acknowledged is sent again, in order (duplicates are
 * possible, losses are not; consumers dedupe by {@code (gw, lane, seq)}).
 *
 * <p>Paho's callbacks only queue what happened and signal the {@code uplink} thread.
 *
 * <p>Inbound: the filters given to {@link #subscribe} are subscribed at QoS 1 on every connect, before
 * the birth. Messages on them go to their handler on one {@code uplink-inbound} thread through a
 * bounded queue (a message that finds it full is dropped with a warning: Paho's thread never waits).
 * Handlers answer with {@link #reply}, which the {@code uplink} thread publishes between records, with
 * a few in-flight slots kept free of records for it.
 */
public final class MqttUplink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttUplink.class);
    private static final int QOS = 1;
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    /** Longest sleep of the uplink thread with nothing to do: bounds any missed signal. */
    private static final long IDLE_WAIT_NANOS = Wakeup.millis(1_000);
    private static final long STORE_RETRY_NANOS = Wakeup.millis(1_000);
    private static final int DISCONNECT_WITH_WILL = 0x04;
    /** Upper bound of a QoS 1 PUBLISH's bytes besides topic and payload: header, lengths, packet id, properties. */
    private static final int PUBLISH_OVERHEAD_BYTES = 16;
    private static final int INBOUND_QUEUE = 32;
    private static final int REPLY_QUEUE = 64;
    /** In-flight slots kept for replies when there are subscriptions, out of the broker's Receive Maximum. */
    private static final int REPLY_SLOTS = 4;

    private final UplinkConfig config;
    private final RecordStore store;
    private final UplinkListener listener;
    private final LinkTimings timings;
    private final Clock clock;
    private final StatusPayloads status;
    private final Backoff backoff;
    private final SendWindow window;
    private final LinkErrors errors;
    private final Map<Lane, String> laneTopics = new EnumMap<>(Lane.class);
    private final String statusTopic;
    private final Wakeup wakeup = new Wakeup();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final BlockingQueue<Reply> replies = new ArrayBlockingQueue<>(REPLY_QUEUE);
    private final Thread thread;
    private ThreadPoolExecutor inbound;
    private volatile int replySlots;

    private volatile boolean closing;
    private volatile LinkState state = LinkState.DOWN;
    private volatile String lastError;
    private volatile Duration lastBackoff = Duration.ZERO;
    private volatile int backoffAttempt;
    private volatile int inflightNow;
    private volatile int windowNow;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Numbers connections, so answers from an abandoned client cannot touch the current window. */
    private long generation;
    private boolean started;

    public MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener, Random random) {
        this(config, identity, store, listener, random, LinkTimings.DEFAULTS, Clock.systemUTC());
    }

    public MqttUplink(UplinkConfig config, UplinkIdentity identity, RecordStore store, UplinkListener listener,
            Random random, LinkTimings timings, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new StatusPayloads(Objects.requireNonNull(identity, "identity"));
        this.backoff = config.backoff().newBackoff(random);
        this.window = new SendWindow(config.backoff(), random);
        if (config.inflight() < 1) {
            throw new IllegalArgumentException("uplink.inflight must be at least 1, got " + config.inflight());
        }
        this.errors = new LinkErrors(config.url(), config.tls().flatMap(TlsConfig::caFile)
                .map(p -> "uplink.tls.ca_file " + p).orElse("the JVM's default trust store"));
        for (Lane lane : Lane.values()) {
            laneTopics.put(lane, config.topicPrefix() + "/" + lane.wireName());
        }
        this.statusTopic = config.topicPrefix() + "/status";
        this.thread = DaemonThreads.newThread("uplink", this::run);
    }

    /**
     * Subscribes {@code topicFilter} at QoS 1 on every connect from now on, handing its messages to
     * {@code handler}. Only before {@link #start()}.
     */
    public synchronized void subscribe(String topicFilter, InboundHandler handler) {
        if (started) {
            throw new IllegalStateException("subscribe before the uplink starts");
        }
        MqttTopicValidator.validate(topicFilter, true, true);
        subscriptions.add(new Subscription(topicFilter, Objects.requireNonNull(handler, "handler")));
    }

    /** Starts the {@code uplink} thread; it connects, and reconnects, until {@link #close()}. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("uplink already started");
        }
        started = true;
        if (!subscriptions.isEmpty()) {
            inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(INBOUND_QUEUE), DaemonThreads.named("uplink-inbound"));
        }
        thread.start();
    }

    /**
     * Queues a reply: QoS 1, not retained, to {@code topic} with {@code correlationData} (when given),
     * sent by the {@code uplink} thread once the link is up. Never blocks. Returns false when the reply
     * queue is full or the uplink is closing; the reply is then not sent.
     */
    public boolean reply(String topic, Optional<byte[]> correlationData, byte[] payload) {
        if (closing) {
            return false;
        }
        boolean queued = replies.offer(new Reply(topic, correlationData.orElse(null), payload));
        if (!queued) {
            log.warn("uplink reply dropped topic={} reason=\"reply queue full ({})\"", topic, REPLY_QUEUE);
        }
        wakeup.signal();
        return queued;
    }

    /** New records are in the store. Cheap and non-blocking: the store's {@code onAppended} may call it. */
    public void wake() {
        wakeup.signal();
    }

    public LinkState state() {
        return state;
    }

    public UplinkStats stats() {
        return new UplinkStats(state, connects.get(), failedConnects.get(), disconnects.get(), published.get(),
                acknowledged.get(), refused.get(), inflightNow, windowNow, backoffAttempt, lastBackoff,
                Optional.ofNullable(lastError));
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
            if (!started || closing) {
                closing = true;
                return;
            }
            closing = true;
        }
        wakeup.signal();
        if (inbound != null) {
            inbound.shutdownNow();
        }
        long budget = timings.connectTimeout().plus(timings.closeGrace().multipliedBy(3)).toMillis();
        try {
            thread.join(budget);
            if (thread.isAlive()) {
                log.warn("uplink close timed out after {}ms; interrupting", budget);
                thread.interrupt();
                thread.join(timings.closeGrace().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the uplink thread ------------------------------------------------------------------

    private void run() {
        try {
            while (!closing) {
                Connection connection = null;
                String reason;
                try {
                    connection = connect();
                    if (connection == null) {
                        reason = lastError;
                    } else {
                        reason = stream(connection);
                        if (reason == null) {
                            shutdown(connection);
                            break;
                        }
                        connectionLost(connection, reason);
                    }
                } catch (RuntimeException e) {
                    // A defect here must not end the uplink for good: log it, drop the connection, back off, go on.
                    log.error("uplink failed unexpectedly; reconnecting", e);
                    reason = "internal error: " + e;
                    if (connection != null) {
                        abandon(connection.client);
                    }
                    window.reset(0);
                    setState(LinkState.DOWN, reason);
                    error(reason);
                }
                if (!closing) {
                    waitBeforeReconnect(reason);
                }
            }
        } catch (InterruptedException e) {
            log.info("uplink interrupted; stopping");
        } finally {
            window.reset(0);
            publishWindow();
            setState(LinkState.DOWN, "closed");
        }
    }

    /** One connect attempt, with its own deadline. Returns the live connection, or null (lastError says why). */
    private Connection connect() throws InterruptedException {
        setState(LinkState.CONNECTING, "");
        long deadline = System.nanoTime() + timings.connectTimeout().toNanos();
        Connection connection = null;
        try {
            MqttConnectionOptions options = connectionOptions();
            MqttAsyncClient client = new MqttAsyncClient(config.url().toString(), config.clientId(), new MemoryPersistence());
            connection = new Connection(++generation, client);
            client.setCallback(connection);
            CompletableFuture<IMqttToken> connack = new CompletableFuture<>();
            client.connect(options, null, completing(connack));
            IMqttToken token = await(connack, deadline, "no CONNACK");
            int receiveMaximum = receiveMaximum(token);
            connection.maximumPacketSize = maximumPacketSize(token);
            subscribeAll(client, deadline);
            CompletableFuture<IMqttToken> birth = new CompletableFuture<>();
            client.publish(statusTopic, status.online(clock.millis()), QOS, true, null, completing(birth));
            int birthReason = firstReasonCode(await(birth, deadline, "no PUBACK for the birth on " + statusTopic));
            if (birthReason >= 0x80) {
                throw new LinkSetupException("broker refused the birth on " + statusTopic + ": reason 0x" + Integer.toHexString(birthReason));
            }
            int windowLimit = Math.min(config.inflight(), subscriptions.isEmpty() ? receiveMaximum
                    : Math.max(1, receiveMaximum - REPLY_SLOTS));
            replySlots = Math.max(1, Math.min(REPLY_SLOTS, receiveMaximum - windowLimit));
            window.reset(windowLimit);
            publishWindow();
            connection.upSinceNanos = System.nanoTime();
            connects.incrementAndGet();
            log.info("uplink up url={} client_id={} window={} receive_maximum={}", config.url(), config.clientId(),
                    window.limit(), receiveMaximum);
            setState(LinkState.UP, "connected to " + config.url());
            return connection;
        } catch (LinkSetupException e) {
            return failedAttempt(connection, e.getMessage());
        } catch (TimeoutException e) {
            return failedAttempt(connection, e.getMessage() + " from " + config.url() + " within "
                    + timings.connectTimeout().toMillis() + "ms");
        } catch (ExecutionException e) {
            return failedAttempt(connection, errors.describe(e.getCause()));
        } catch (MqttException | RuntimeException e) {
            return failedAttempt(connection, errors.describe(e));
        }
    }

    private Connection failedAttempt(Connection connection, String reason) {
        if (connection != null) {
            abandon(connection.client);
        }
        if (closing) {
            return null;
        }
        failedConnects.incrementAndGet();
        error(reason);
        setState(LinkState.DOWN, reason);
        return null;
    }

    private MqttConnectionOptions connectionOptions() throws LinkSetupException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) Math.max(1, timings.keepAlive().getSeconds()));
        options.setConnectionTimeout((int) Math.max(1, (timings.connectTimeout().toMillis() + 999) / 1000));
        options.setWill(statusTopic, new MqttMessage(status.offline(), QOS, true, null));
        config.username().ifPresent(options::setUserName);
        if (config.passwordFile().isPresent()) {
            options.setPassword(readPassword(config.passwordFile().get()));
        }
        String scheme = config.url().getScheme();
        if ("ssl".equals(scheme) || "wss".equals(scheme)) {
            options.setSocketFactory(TlsSocketFactories.create(config.tls()));
            options.setHttpsHostnameVerificationEnabled(true);
        }
        return options;
    }

    /** Read on every connect, so a rotated password is used without a restart. */
    private static byte[] readPassword(Path file) throws LinkSetupException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LinkSetupException("uplink.password_file " + file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends while the connection lives. Returns why it was lost, or null when closing.
     */
    private String stream(Connection connection) throws InterruptedException {
        long storeRetryAt = System.nanoTime();
        while (!closing) {
            if (connection.lostReason != null) {
                return connection.lostReason;
            }
            long now = System.nanoTime();
            if (now - connection.upSinceNanos >= timings.stablePeriod().toNanos() && backoff.attempt() > 0) {
                backoff.reset();
                backoffAttempt = 0;
            }
            long wait = IDLE_WAIT_NANOS;
            if (now - storeRetryAt >= 0) {
                try {
                    takeAnswers(connection);
                    sendReplies(connection);
                    if (connection.lostReason == null) {
                        fillWindow(connection);
                    }
                } catch (RuntimeException e) {
                    // The store failing must not take the link down: pause reading for a while, then try again.
                    storeRetryAt = now + STORE_RETRY_NANOS;
                    wait = STORE_RETRY_NANOS;
                    log.warn("uplink store access failed, retrying in {}ms: {}", STORE_RETRY_NANOS / 1_000_000, e.toString());
                    error("store: " + e);
                }
            } else {
                wait = storeRetryAt - now;
            }
            publishWindow();
            wakeup.await(window.nanosUntilNextRelease(System.nanoTime(), wait));
        }
        return null;
    }

    /** Subscribes every filter and waits for the SUBACKs; a refused filter is reported, the link stays. */
    private void subscribeAll(MqttAsyncClient client, long deadline)
            throws MqttException, InterruptedException, ExecutionException, TimeoutException {
        for (Subscription subscription : subscriptions) {
            CompletableFuture<IMqttToken> suback = new CompletableFuture<>();
            client.subscribe(new MqttSubscription[] {new MqttSubscription(subscription.filter(), QOS)}, null,
                    completing(suback), new MqttProperties());
            int reason = firstReasonCode(await(suback, deadline, "no SUBACK for " + subscription.filter()));
            if (reason >= 0x80) {
                String message = "broker refused the subscription to " + subscription.filter() + ": reason 0x"
                        + Integer.toHexString(reason) + "; commands will not arrive (check the broker's ACL)";
                log.warn("uplink subscription refused filter={} reason=0x{}", subscription.filter(), Integer.toHexString(reason));
                error(message);
            }
        }
    }

    /** Publishes queued replies while reply slots are free; one the client refuses stays queued. */
    private void sendReplies(Connection connection) {
        Reply reply;
        AtomicInteger inFlight = connection.repliesInFlight;
        while (inFlight.get() < replySlots && (reply = replies.peek()) != null) {
            MqttMessage message = new MqttMessage(reply.payload(), QOS, false, new MqttProperties());
            if (reply.correlationData() != null) {
                message.getProperties().setCorrelationData(reply.correlationData());
            }
            String topic = reply.topic();
            try {
                inFlight.incrementAndGet();
                connection.client.publish(topic, message, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        inFlight.decrementAndGet();
                        wakeup.signal();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        inFlight.decrementAndGet();
                        log.warn("uplink reply not delivered topic={} error=\"{}\"", topic, errors.describe(failure));
                        wakeup.signal();
                    }
                });
                replies.poll();
            } catch (MqttException | RuntimeException e) {
                inFlight.decrementAndGet();
                if (!connection.client.isConnected()) {
                    return;
                }
                log.warn("uplink reply refused by the client topic={} error=\"{}\"", topic, errors.describe(e));
                replies.poll();
            }
        }
    }

    /** Fills free window slots, lanes in priority order: a waiting alarm always goes before waiting telemetry. */
    private void fillWindow(Connection connection) {
        for (Lane lane : Lane.values()) {
            while (window.free() > 0 && window.mayRead(lane, System.nanoTime())) {
                List<StoredRecord> records = store.read(lane, window.cursor(lane), window.free());
                if (records.isEmpty()) {
                    break;
                }
                for (StoredRecord record : records) {
                    if (!publish(connection, record)) {
                        return;
                    }
                }
            }
            if (window.free() == 0) {
                return;
            }
        }
    }

    private boolean publish(Connection connection, StoredRecord record) {
        window.published(record.lane(), record.seq());
        String topic = laneTopics.get(record.lane());
        long packetSize = (long) record.payload().length + topic.length() + PUBLISH_OVERHEAD_BYTES;
        if (packetSize > connection.maximumPacketSize) {
            // Paho would drop the whole connection over it, and the reconnect would send it first again.
            refuse(record.lane(), record.seq(), "record of " + record.payload().length
                    + " bytes exceeds the broker's Maximum Packet Size of " + connection.maximumPacketSize + " bytes");
            return false;
        }
        try {
            connection.client.publish(topic, record.payload(), QOS, false, null,
                    new RecordListener(connection.generation, record.lane(), record.seq()));
            published.incrementAndGet();
            return true;
        } catch (MqttException e) {
            if (!connection.client.isConnected()) {
                connection.lost(errors.describeLoss(e));
                return false;
            }
            // Refused by the client itself (e.g. larger than the broker's Maximum Packet Size).
            refuse(record.lane(), record.seq(), "client refused publish: " + errors.describe(e));
            return false;
        }
    }

    /**
     * Applies the answers Paho has handed over. {@code current} is the live connection, or null between
     * connections; answers for older connections only release records from the store.
     */
    private void takeAnswers(Connection current) {
        boolean live = current != null && current.lostReason == null && current.client.isConnected();
        Answer answer;
        while ((answer = answers.poll()) != null) {
            boolean mine = current != null && answer.generation() == current.generation;
            if (answer.failure() == null && answer.reasonCode() < 0x80) {
                // A PUBACK is a PUBACK, even from an abandoned connection: the broker has the record.
                store.acknowledge(answer.lane(), answer.seq());
                acknowledged.incrementAndGet();
                if (mine) {
                    window.acknowledged(answer.lane(), answer.seq());
                }
            } else if (mine && live) {
                refuse(answer.lane(), answer.seq(), answer.failure() != null
                        ? errors.describe(answer.failure())
                        : "PUBACK reason 0x" + Integer.toHexString(answer.reasonCode()));
            }
            // Failures of a lost connection need nothing: its records are read again after the reconnect.
        }
    }

    private void takeAnswersLogged(Connection current) {
        try {
            takeAnswers(current);
        } catch (RuntimeException e) {
            log.warn("uplink store access failed: {}", e.toString());
            error("store: " + e);
        }
    }

    private void refuse(Lane lane, long seq, String why) {
        Duration hold = window.refused(lane, seq, System.nanoTime());
        if (hold == null) {
            return;
        }
        refused.incrementAndGet();
        String message = "broker refused record lane=" + lane.wireName() + " seq=" + seq + " " + why
                + "; kept in the store, lane retried in " + hold.toMillis() + "ms";
        log.warn("uplink record refused lane={} seq={} reason=\"{}\" retry_in_ms={}", lane.wireName(), seq, why, hold.toMillis());
        error(message);
    }

    private void connectionLost(Connection connection, String reason) {
        long upNanos = System.nanoTime() - connection.upSinceNanos;
        disconnects.incrementAndGet();
        abandon(connection.client);
        window.reset(0);
        publishWindow();
        log.info("uplink down reason=\"{}\" up_ms={}", reason, upNanos / 1_000_000);
        setState(LinkState.DOWN, reason);
        error(reason);
    }

    private void waitBeforeReconnect(String reason) throws InterruptedException {
        Duration delay = backoff.nextDelay();
        lastBackoff = delay;
        backoffAttempt = backoff.attempt();
        log.info("uplink backoff attempt={} delay_ms={} reason=\"{}\"", backoff.attempt(), delay.toMillis(), reason);
        long deadline = System.nanoTime() + delay.toNanos();
        long left;
        while (!closing && (left = deadline - System.nanoTime()) > 0) {
            wakeup.await(left);
            takeAnswersLogged(null);
        }
    }

    /** Clean stop: let PUBACKs in flight land, say offline, DISCONNECT. */
    private void shutdown(Connection connection) throws InterruptedException {
        long deadline = System.nanoTime() + timings.closeGrace().toNanos();
        while (window.inflight() > 0 && connection.lostReason == null && System.nanoTime() - deadline < 0) {
            takeAnswersLogged(connection);
            wakeup.await(Math.max(1, Math.min(deadline - System.nanoTime(), IDLE_WAIT_NANOS)));
        }
        takeAnswersLogged(connection);
        boolean offlineSent = false;
        if (connection.lostReason == null) {
            try {
                IMqttToken token = connection.client.publish(statusTopic, status.offline(), QOS, true);
                token.waitForCompletion(timings.closeGrace().toMillis());
                offlineSent = firstReasonCode(token) < 0x80;
            } catch (MqttException e) {
                log.warn("uplink offline status not sent: {}", errors.describe(e));
            }
            try {
                int reason = offlineSent ? 0 : DISCONNECT_WITH_WILL;
                connection.client.disconnect(timings.closeGrace().toMillis(), null, null, reason, new MqttProperties())
                        .waitForCompletion(timings.closeGrace().toMillis());
            } catch (MqttException e) {
                log.warn("uplink disconnect not clean: {}", errors.describe(e));
            }
        }
        abandon(connection.client);
        disconnects.incrementAndGet();
        log.info("uplink down reason=\"closed\" offline_status_sent={}", offlineSent);
    }

    private static void abandon(MqttAsyncClient client) {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            // already down; nothing to release but the client itself
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // closing a client that never connected can complain; its threads are gone either way
        }
    }

    private <T> T await(CompletableFuture<T> future, long deadlineNanos, String what)
            throws InterruptedException, ExecutionException, TimeoutException {
        long left;
        while (!future.isDone() && !closing && (left = deadlineNanos - System.nanoTime()) > 0) {
            wakeup.await(left);
        }
        if (!future.isDone()) {
            throw new TimeoutException(what);
        }
        return future.get();
    }

    private MqttActionListener completing(CompletableFuture<IMqttToken> future) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                future.complete(token);
                wakeup.signal();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                future.completeExceptionally(failure);
                wakeup.signal();
            }
        };
    }

    private static int receiveMaximum(IMqttToken connack) {
        MqttProperties properties = connack.getResponseProperties();
        Integer value = properties == null ? null : properties.getReceiveMaximum();
        return value == null || value <= 0 ? DEFAULT_RECEIVE_MAXIMUM : value;
    }

    private static long maximumPacketSize(IMqttToken connack) {
        MqttProperties properties = connack.getResponseProperties();
        Long value = properties == null ? null : properties.getMaximumPacketSize();
        return value == null || value <= 0 ? Long.MAX_VALUE : value;
    }

    private static int firstReasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private void error(String message) {
        lastError = message;
        try {
            listener.error(message);
        } catch (RuntimeException e) {
            log.warn("uplink listener failed on error: {}", e.toString());
        }
    }

    private void setState(LinkState next, String reason) {
        if (state != next) {
            state = next;
            try {
                listener.linkStateChanged(next, reason);
            } catch (RuntimeException e) {
                log.warn("uplink listener failed on state change: {}", e.toString());
            }
        }
    }

    private void publishWindow() {
        inflightNow = window.inflight();
        windowNow = window.limit();
    }

    private InboundHandler handlerFor(String topic) {
        for (Subscription subscription : subscriptions) {
            if (MqttTopicValidator.isMatched(subscription.filter(), topic)) {
                return subscription.handler();
            }
        }
        return null;
    }

    // ---- what Paho's threads hand over ---------------------------------------------------------

    private record Subscription(String filter, InboundHandler handler) {
    }

    private record Reply(String topic, byte[] correlationData, byte[] payload) {
    }

    /** A publish answered: a PUBACK with its reason code, or a failure. */
    private record Answer(long generation, Lane lane, long seq, int reasonCode, Throwable failure) {
    }

    private final class RecordListener implements MqttActionListener {
        private final long generation;
        private final Lane lane;
        private final long seq;

        RecordListener(long generation, Lane lane, long seq) {
            this.generation = generation;
            this.lane = lane;
            this.seq = seq;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            answers.add(new Answer(generation, lane, seq, firstReasonCode(token), null));
            wakeup.signal();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            answers.add(new Answer(generation, lane, seq, 0, failure));
            wakeup.signal();
        }
    }

    /**
     * One client and its connection; Paho's callbacks for it only record and signal. The connect loop
     * learns of a completed connect from the connect token, so only losses and messages are handled.
     */
    private final class Connection implements MessageCallback {
        final long generation;
        final MqttAsyncClient client;
        long upSinceNanos;
        long maximumPacketSize = Long.MAX_VALUE;
        /** Replies of this connection not yet acknowledged; a new connection starts with all reply slots free. */
        final AtomicInteger repliesInFlight = new AtomicInteger();
        volatile String lostReason;

        Connection(long generation, MqttAsyncClient client) {
            this.generation = generation;
            this.client = client;
        }

        void lost(String reason) {
            if (lostReason == null) {
                lostReason = reason;
            }
            wakeup.signal();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            MqttException cause = response.getException();
            if (cause != null) {
                lost(errors.describeLoss(cause));
            } else {
                lost("broker sent DISCONNECT reason 0x" + Integer.toHexString(response.getReturnCode())
                        + (response.getReasonString() == null ? "" : " (" + response.getReasonString() + ")"));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            lost("protocol error: " + errors.describeLoss(exception));
        }

        /** On Paho's thread: hand over and return at once. */
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            InboundHandler handler = handlerFor(topic);
            if (handler == null || inbound == null) {
                log.warn("uplink inbound message ignored topic={} bytes={} reason=\"no subscription matches\"", topic,
                        message.getPayload().length);
                return;
            }
            MqttProperties properties = message.getProperties();
            InboundMessage received = new InboundMessage(topic, message.getPayload(),
                    Optional.ofNullable(properties == null ? null : properties.getResponseTopic()),
                    Optional.ofNullable(properties == null ? null : properties.getCorrelationData()));
            try {
                inbound.execute(() -> {
                    try {
                        handler.handle(received);
                    } catch (RuntimeException e) {
                        log.warn("uplink inbound handler failed topic={} error=\"{}\"", topic, e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                log.warn("uplink inbound message dropped topic={} reason=\"{} messages already waiting\"", topic, INBOUND_QUEUE);
            }
        }
    }
}
