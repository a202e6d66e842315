package io.outpost.source.opcua;

import io.outpost.log.RepeatedLines;
import io.outpost.threads.DaemonThreads;

import io.outpost.config.Deadband;
import io.outpost.source.opcua.OpcUaSourceConfig.Mode;
import io.outpost.value.Quality;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.value.SampleSink;
import io.outpost.source.SourceHealth;
import io.outpost.source.Source;
import io.outpost.source.opcua.pki.OwnCertificate;
import io.outpost.value.Backoff;
import io.outpost.value.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * {@code type: opcua}: one OPC UA session per source, through Eclipse Milo. {@code mode: subscribe}
 * creates one subscription with a monitored item per tag (sampling and publishing at the source's
 * {@code interval}); {@code mode: poll} reads every node in one Read request per interval.
 *
 * <p>All session work runs on the source's own thread ({@code opcua-<name>}), never inside Milo's
 * callbacks: a failed first connect is retried with backoff; once connected, Milo reconnects the
 * session and transfers the subscription itself, and when that transfer fails the subscription is
 * rebuilt here. While the session is down every tag is reported {@code bad}.
 */
public final class OpcUaSource implements Source {

    private static final Logger log = LoggerFactory.getLogger(OpcUaSource.class);
    private final RepeatedLines repeats = new RepeatedLines();
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final OpcUaSourceConfig config;
    private final LongSupplier clock;
    private final SampleClock sampleClock;
    private final Path pkiDir;
    private final Backoff backoff;
    private final List<TagId> tagIds = new ArrayList<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private ScheduledThreadPoolExecutor executor;
    private SampleSink sink;
    private OpcUaClient client;
    private OpcUaSubscription subscription;
    /** The nodes read or monitored, and for each the index of its tag: refused tags have no node here. */
    private List<NodeId> nodes = List.of();
    private List<Integer> tagOfNode = List.of();
    private ScheduledFuture<?> pollTask;
    private final Durations polls;
    private volatile boolean up;
    private volatile boolean closed;
    private volatile String lastError;
    private volatile OwnCertificate ownCertificate;

    /** {@code pkiDir}: {@code data_dir/pki}, where the own certificate and the trust list live. */
    public OpcUaSource(OpcUaSourceConfig config, LongSupplier clock, Path pkiDir) {
        this(config, clock, pkiDir, Durations.NONE);
    }

    /** @param polls told how long each Read of {@code mode: poll} took; a subscription has no polls to time */
    public OpcUaSource(OpcUaSourceConfig config, LongSupplier clock, Path pkiDir, Durations polls) {
        this.polls = polls;
        this.config = config;
        this.clock = clock;
        this.sampleClock = new SampleClock(config.timestamp(), clock);
        this.pkiDir = pkiDir;
        this.backoff = new Backoff(FIRST_RETRY, MAX_RETRY, 2.0, new Random());
        for (OpcUaTagConfig tag : config.tags()) {
            tagIds.add(new TagId(config.name(), tag.name()));
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public synchronized void start(SampleSink sink) {
        this.sink = sink;
        executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("opcua-" + name()));
        executor.setRemoveOnCancelPolicy(true);
        executor.execute(this::connect);
    }

    @Override
    public SourceHealth health() {
        return new SourceHealth(up, reads.get(), failures.get(), 0, Optional.ofNullable(lastError), ownCertificateWarnings());
    }

    /** Checked on every look, not only at connect: a session can stay up for longer than 30 days. */
    private List<String> ownCertificateWarnings() {
        OwnCertificate own = ownCertificate;
        java.time.Instant now = java.time.Instant.ofEpochMilli(clock.getAsLong());
        if (own == null || !own.expiresSoon(now)) {
            return List.of();
        }
        java.time.Instant end = own.certificate().getNotAfter().toInstant();
        long days = Duration.between(now, end).toDays();
        String date = end.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        return List.of("own certificate " + (end.isBefore(now) ? "expired " + date : "expires " + date + " (" + days
                + " days)") + "; renew it: delete " + pkiDir.resolve("own").resolve(OwnCertificate.FILE)
                + " and restart outpost, then trust the new certificate in the OPC UA servers");
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            closed = true;
            running = executor;
        }
        if (running == null) {
            return;
        }
        running.execute(this::disconnect);
        running.shutdown();
        try {
            if (!running.awaitTermination(15, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
    }

    // ---- on the source's thread only

    private void connect() {
        if (closed) {
            return;
        }
        try {
            Optional<OwnCertificate> own = OpcUaClients.ownCertificate(config, pkiDir);
            ownCertificate = own.orElse(null);
            if (own.isPresent() && own.get().expiresSoon(java.time.Instant.ofEpochMilli(clock.getAsLong()))) {
                log.warn("event=opcua-own-certificate-expiring source={} not_after={} file={}", name(),
                        own.get().certificate().getNotAfter().toInstant(), pkiDir.resolve("own").resolve(OwnCertificate.FILE));
            }
            client = OpcUaClients.connect(config, pkiDir, own);
            checkNodes();
            client.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionActive(UaSession session) {
                    execute(OpcUaSource.this::sessionActive);
                }

                @Override
                public void onSessionInactive(UaSession session) {
                    execute(OpcUaSource.this::sessionInactive);
                }
            });
            if (config.mode() == Mode.SUBSCRIBE) {
                subscribe();
            } else {
                long period = config.interval().toMillis();
                pollTask = executor.scheduleAtFixedRate(this::poll, 0, period, TimeUnit.MILLISECONDS);
            }
            up = true;
            lastError = null;
            backoff.reset();
            log.info("event=opcua-connected source={} endpoint={} mode={} tags={}", name(), config.endpoint(),
                    config.mode().name().toLowerCase(java.util.Locale.ROOT), tagIds.size());
        } catch (Exception e) {
            connectFailed(e);
        }
    }

    private void connectFailed(Exception e) {
        failures.incrementAndGet();
        up = false;
        lastError = OpcUaClients.connectFailure(config, e);
        markAllBad();
        disconnect();
        Duration delay = backoff.nextDelay();
        String error = lastError;
        repeats.admit("opcua-connect-failed").ifPresent(repeated -> log.warn(
                "event=opcua-connect-failed source={} retry_in_ms={} error=\"{}\"{}", name(), delay.toMillis(), error, repeated));
        if (!closed) {
            executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Asks the server which tag nodes can be read; the refused ones get one {@code bad} sample with the
     * reason and are left out of the subscription or the Read. Run at connect and when the
     * subscription is rebuilt or a polled session comes back, the times the server may have
     * restarted with another address space.
     */
    private void checkNodes() throws UaException {
        List<NodeTypeCheck.Verdict> verdicts = new NodeTypeCheck(client).check(
                config.tags().stream().map(OpcUaTagConfig::node).toList());
        List<NodeId> readableNodes = new ArrayList<>();
        List<Integer> readableTags = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i) instanceof NodeTypeCheck.Verdict.Readable r) {
                readableNodes.add(r.node());
                readableTags.add(i);
            } else if (verdicts.get(i) instanceof NodeTypeCheck.Verdict.Refused r) {
                log.warn("event=opcua-node-refused source={} tag={} reason=\"{}\"", name(), tagIds.get(i), r.message());
                sink.accept(new Sample(tagIds.get(i), clock.getAsLong(), Value.of(r.message()), Quality.BAD));
            }
        }
        nodes = readableNodes;
        tagOfNode = readableTags;
    }

    private void subscribe() throws Exception {
        double interval = config.interval().toMillis();
        OpcUaSubscription created = new OpcUaSubscription(client, interval);
        created.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onTransferFailed(OpcUaSubscription failed, StatusCode status) {
                log.warn("event=opcua-transfer-failed source={} status={}", name(), OpcUaValues.describe(status));
                execute(() -> rebuildSubscription(failed));
            }
        });
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int tagIndex = tagOfNode.get(i);
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodes.get(i));
            item.setSamplingInterval(interval);
            // Two, not one: sampling and publishing share one interval, and timer jitter can put two
            // samples of an item into one publish; with one slot the server would discard the older.
            item.setQueueSize(uint(2));
            if (config.tags().get(tagIndex).report().deadband().orElse(null) instanceof Deadband.Absolute band) {
                // The server drops the small changes before they cross the network; ExceptionFilter still applies.
                item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue,
                        uint(DeadbandType.Absolute.getValue()), band.amount()));
            }
            TagId tag = tagIds.get(tagIndex);
            item.setDataValueListener((monitored, value) -> deliver(tag, value));
            items.add(item);
        }
        created.addMonitoredItems(items);
        created.create();
        created.createMonitoredItems();
        subscription = created;
        for (int i = 0; i < items.size(); i++) {
            StatusCode result = items.get(i).getCreateResult().orElse(StatusCode.GOOD);
            if (!result.isGood()) {
                reportNodeProblem(tagOfNode.get(i), result);
            }
        }
    }

    private void rebuildSubscription(OpcUaSubscription failed) {
        if (closed || failed != subscription || client == null) {
            return;
        }
        try {
            try {
                failed.delete();
            } catch (Exception ignored) {
                // The server already dropped it: that is why the transfer failed.
            }
            checkNodes();
            subscribe();
            log.info("event=opcua-subscription-rebuilt source={}", name());
        } catch (Exception e) {
            lastError = "cannot rebuild the subscription: " + OpcUaErrors.describe(e);
            log.warn("event=opcua-subscription-rebuild-failed source={} error=\"{}\"", name(), lastError);
            markAllBad();
            executor.schedule(() -> rebuildSubscription(failed), backoff.nextDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        if (closed || client == null || nodes.isEmpty()) {
            // No nodes: every tag was refused with its reason, and an empty Read is refused by servers.
            return;
        }
        polls.time(name(), this::readOnce);
    }

    private void readOnce() {
        try {
            List<DataValue> values = client.readValues(0.0, TimestampsToReturn.Both, nodes);
            for (int i = 0; i < values.size(); i++) {
                DataValue value = values.get(i);
                if (value.getStatusCode() != null && value.getStatusCode().isBad() && value.getValue().isNull()) {
                    reportNodeProblem(tagOfNode.get(i), value.getStatusCode());
                } else {
                    deliver(tagIds.get(tagOfNode.get(i)), value);
                }
            }
            if (!up) {
                up = true;
                lastError = null;
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            up = false;
            lastError = "read failed: " + OpcUaErrors.describe(e);
            markAllBad();
        }
    }

    private void sessionActive() {
        if (!closed) {
            up = true;
            lastError = null;
            log.info("event=opcua-session-active source={}", name());
            if (config.mode() == Mode.POLL && client != null) {
                try {
                    checkNodes();
                } catch (UaException e) {
                    // The last verdicts stay; the next reconnect checks again.
                    log.warn("event=opcua-node-check-failed source={} error=\"{}\"", name(), OpcUaErrors.describe(e));
                }
            }
        }
    }

    private void sessionInactive() {
        if (!closed) {
            up = false;
            lastError = "session to " + config.endpoint() + " lost; reconnecting";
            log.warn("event=opcua-session-inactive source={}", name());
            markAllBad();
        }
    }

    private void disconnect() {
        if (pollTask != null) {
            pollTask.cancel(false);
            pollTask = null;
        }
        OpcUaClient open = client;
        client = null;
        subscription = null;
        if (open != null) {
            OpcUaClients.disconnectQuietly(open);
        }
    }

    private void execute(Runnable task) {
        if (!closed) {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing: nothing left to do.
            }
        }
    }

    // ---- sample production (Milo's delivery thread or the source's thread)

    private void deliver(TagId tag, DataValue value) {
        reads.incrementAndGet();
        long ts = sampleClock.timeOf(value);
        Quality quality = OpcUaValues.quality(value.getStatusCode());
        Object raw = value.getValue() == null ? null : value.getValue().getValue();
        Optional<Value> mapped = OpcUaValues.toValue(raw);
        if (mapped.isEmpty()) {
            String what = raw == null ? "no value" : raw.getClass().isArray() ? "an array" : "a " + raw.getClass().getSimpleName();
            log.debug("event=opcua-unsupported-value source={} tag={} value=\"{}\"", name(), tag, what);
            sink.accept(new Sample(tag, ts, Value.of(raw == null
                    ? "no value" : "unsupported value: " + what + "; only scalars are read"), Quality.BAD));
            return;
        }
        sink.accept(new Sample(tag, ts, mapped.get(), quality));
    }

    private void reportNodeProblem(int tagIndex, StatusCode status) {
        TagId tag = tagIds.get(tagIndex);
        String node = config.tags().get(tagIndex).node();
        String text = OpcUaValues.describe(status);
        repeats.admit("opcua-node-bad " + tag).ifPresent(repeated ->
                log.warn("event=opcua-node-bad source={} tag={} node={} status=\"{}\"{}", name(), tag, node, text, repeated));
        sink.accept(new Sample(tag, clock.getAsLong(), Value.of(text), Quality.BAD));
    }

    private void markAllBad() {
        long now = clock.getAsLong();
        for (TagId tag : tagIds) {
            sink.accept(new Sample(tag, now, Value.NONE, Quality.BAD));
        }
    }
}
