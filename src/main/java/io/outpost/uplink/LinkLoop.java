package io.outpost.uplink;

import io.outpost.log.RepeatedLines;
import io.outpost.threads.DaemonThreads;
import io.outpost.threads.Heartbeat;
import io.outpost.uplink.ConnectAttempt.Established;
import io.outpost.uplink.LinkLifecycle.Phase;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code uplink} thread: connects, streams while the connection lives, backs off after a failure
 * or a loss, connects again, until closed; then lets in-flight PUBACKs land, publishes the offline
 * status and disconnects. It moves the {@link LinkLifecycle} through its phases and leaves each
 * concern to its part: the attempt to {@link ConnectAttempt}, records to {@link RecordSender},
 * replies to {@link ReplySender}, delays to {@link ReconnectPolicy}.
 *
 * <p>Nothing is kept in the MQTT session: after any reconnect each lane is read again from the store's
 * head, so every record not yet acknowledged is sent again, in order (duplicates are possible, losses
 * are not; consumers dedupe by {@code (gw, lane, seq)}).
 *
 * <p>All its state is owned by the {@code uplink} thread; {@code closing} is set by the closer, who then signals the wakeup.
 */
final class LinkLoop {

    private static final Logger log = LoggerFactory.getLogger(LinkLoop.class);
    /** Longest sleep of the uplink thread with nothing to do: bounds any missed signal. */
    private static final long IDLE_WAIT_NANOS = Wakeup.millis(1_000);
    private static final long STORE_RETRY_NANOS = Wakeup.millis(1_000);

    private final LinkLifecycle lifecycle;
    private final ConnectAttempt attempt;
    private final RecordSender records;
    private final ReplySender replies;
    /** Owned by the uplink thread: whether this connection's records and replies take turns on one slot ({@link WindowSplit#shared}). */
    private boolean sharedSlot;
    private final ReconnectPolicy reconnect;
    private final StatusTopic status;
    private final LinkReport report;
    private final Wakeup wakeup;
    private final LinkTimings timings;
    private final int inflight;
    private final InboundRouter inbound;
    private final URI url;
    private final String clientId;
    private final Thread thread;
    /** Beaten before every wait with its length, and before a connect attempt with its deadline. */
    private final Heartbeat heartbeat;
    private final BooleanSupplier closing;
    private final ConnectFailures failures = new ConnectFailures();
    private final RepeatedLines repeats = new RepeatedLines();
    private long generation;

    /** A heartbeat for the loop's watchdog, one per gateway: a reload's new uplink beats the one the watchdog watches. */
    static Heartbeat newHeartbeat() {
        return new Heartbeat("uplink", TimeUnit.SECONDS.toNanos(10));
    }

    LinkLoop(Parts parts, BooleanSupplier closing, LinkTimings timings, int inflight, URI url, String clientId,
            Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        this.lifecycle = parts.lifecycle();
        this.attempt = parts.attempt();
        this.records = parts.records();
        this.replies = parts.replies();
        this.reconnect = parts.reconnect();
        this.status = parts.status();
        this.report = parts.report();
        this.wakeup = parts.wakeup();
        this.closing = closing;
        this.timings = timings;
        this.inflight = inflight;
        this.inbound = parts.inbound();
        this.url = url;
        this.clientId = clientId;
        this.thread = DaemonThreads.newThread("uplink", this::run);
    }

    /** What the loop drives; built by {@link MqttUplink}. */
    record Parts(LinkLifecycle lifecycle, ConnectAttempt attempt, RecordSender records, ReplySender replies,
            InboundRouter inbound, ReconnectPolicy reconnect, StatusTopic status, LinkReport report, Wakeup wakeup) {
    }

    void start() {
        thread.start();
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Waits for the thread to end; interrupts it if it takes longer than its close budget. */
    void join() {
        long budget = timings.connectTimeout().plus(timings.closeGrace().multipliedBy(3)).toMillis();
        try {
            thread.join(budget);
            if (thread.isAlive()) {
                log.warn("event=uplink-close-timed-out after_ms={}", budget);
                thread.interrupt();
                thread.join(timings.closeGrace().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closing.getAsBoolean()) {
                String reason = connectAndStream();
                if (reason == null) {
                    break;
                }
                if (!closing.getAsBoolean()) {
                    waitBeforeReconnect(reason);
                }
            }
        } catch (InterruptedException e) {
            log.info("event=uplink-interrupted");
        } finally {
            records.disconnected();
            if (lifecycle.phase() != Phase.CLOSING) {
                lifecycle.moveTo(Phase.CLOSING, "closed");
            }
            lifecycle.moveTo(Phase.CLOSED, "closed");
        }
    }

    /** One connection, from the attempt to its end. Returns why it ended, or null when closing. */
    private String connectAndStream() throws InterruptedException {
        lifecycle.moveTo(Phase.CONNECTING, "");
        log.debug("event=uplink-connecting url={} client_id={} attempt={}", url, clientId, reconnect.attempt() + 1);
        heartbeat.beat(timings.connectTimeout().toNanos());
        Established established;
        try {
            established = attempt.connect(++generation);
        } catch (LinkSetupException e) {
            if (closing.getAsBoolean()) {
                return null;
            }
            ConnectFailures.Line line = failures.failed(e.getMessage(), System.nanoTime());
            if (line.warn()) {
                log.warn("event={}", line.text());
            } else {
                log.debug("event={}", line.text());
            }
            report.error(e.getMessage());
            lifecycle.moveTo(Phase.BACKING_OFF, e.getMessage());
            return e.getMessage();
        }
        Link link = established.link();
        try {
            up(link, established.connack());
            String lost = stream(link);
            if (lost == null) {
                shutdown(link);
                return null;
            }
            connectionLost(link, lost);
            return lost;
        } catch (RuntimeException e) {
            // A defect here must not end the uplink for good: log it, drop the connection, back off, go on.
            // The stack trace only with --debug: one line at ERROR says what and that it goes on.
            log.error("event=uplink-defect action=reconnect error=\"{}\"", e.toString());
            log.debug("event=uplink-defect-trace", e);
            String reason = "internal error: " + e;
            link.channel().abandon();
            records.disconnected();
            if (lifecycle.phase() != Phase.CLOSING) {
                lifecycle.moveTo(Phase.BACKING_OFF, reason);
            }
            report.error(reason);
            return closing.getAsBoolean() ? null : reason;
        }
    }

    private void up(Link link, Transport.Connack connack) {
        WindowSplit split = WindowSplit.of(inflight, connack.receiveMaximum(), !inbound.isEmpty());
        records.connected(split.records(), connack.maximumPacketSize());
        replies.connected(split.replies());
        sharedSlot = split.shared();
        link.markUp(System.nanoTime());
        failures.connected(System.nanoTime()).ifPresent(line -> log.info("event={}", line));
        log.info("event=uplink-up url={} client_id={} window={} receive_maximum={}", url, clientId, split.records(),
                connack.receiveMaximum());
        lifecycle.moveTo(Phase.UP, "connected to " + url);
    }

    /** Sends while the connection lives. Returns why it was lost, or null when closing. */
    private String stream(Link link) throws InterruptedException {
        long storeRetryAt = System.nanoTime();
        while (!closing.getAsBoolean()) {
            if (link.lostReason() != null) {
                return link.lostReason();
            }
            long now = System.nanoTime();
            reconnect.stillUp(link.upNanos(now));
            long wait = IDLE_WAIT_NANOS;
            if (now - storeRetryAt >= 0) {
                try {
                    records.takeAnswers(link);
                    if (!sharedSlot || records.inflight() == 0) {
                        replies.sendPending(link);
                    }
                    if (link.lostReason() == null && (!sharedSlot || replies.inFlight() == 0)) {
                        records.fill(link);
                    }
                } catch (RuntimeException e) {
                    // The store failing must not take the link down: pause reading for a while, then try again.
                    storeRetryAt = now + STORE_RETRY_NANOS;
                    wait = STORE_RETRY_NANOS;
                    repeats.admit("uplink-store-failed").ifPresent(repeated -> log.warn(
                            "event=uplink-store-failed retry_in_ms={} error=\"{}\"{}", STORE_RETRY_NANOS / 1_000_000, e,
                            repeated));
                    report.error("store: " + e);
                }
            } else {
                wait = storeRetryAt - now;
            }
            long idle = records.nanosUntilNextRelease(System.nanoTime(), wait);
            heartbeat.beat(idle);
            wakeup.await(idle);
        }
        return null;
    }

    private void connectionLost(Link link, String reason) {
        link.channel().abandon();
        records.disconnected();
        log.info("event=uplink-down reason=\"{}\" up_ms={}", reason, TimeUnit.NANOSECONDS.toMillis(link.upNanos(System.nanoTime())));
        lifecycle.moveTo(Phase.BACKING_OFF, reason);
        report.error(reason);
    }

    private void waitBeforeReconnect(String reason) throws InterruptedException {
        Duration delay = reconnect.nextDelay();
        // The failure itself was logged where it happened (ConnectFailures decides how loud).
        log.debug("event=uplink-backoff attempt={} delay_ms={} reason=\"{}\"", reconnect.attempt(), delay.toMillis(), reason);
        long deadline = System.nanoTime() + delay.toNanos();
        long left;
        while (!closing.getAsBoolean() && (left = deadline - System.nanoTime()) > 0) {
            heartbeat.beat(left);
            wakeup.await(left);
            takeAnswersLogged(null);
        }
    }

    /** Clean stop: let PUBACKs in flight land, say offline, DISCONNECT (asking for the Will if the offline status failed). */
    private void shutdown(Link link) throws InterruptedException {
        lifecycle.moveTo(Phase.CLOSING, "closed");
        long grace = timings.closeGrace().toNanos();
        long deadline = System.nanoTime() + grace;
        while (records.inflight() > 0 && link.lostReason() == null && System.nanoTime() - deadline < 0) {
            takeAnswersLogged(link);
            wakeup.await(Math.max(1, Math.min(deadline - System.nanoTime(), IDLE_WAIT_NANOS)));
        }
        takeAnswersLogged(link);
        boolean offlineSent = false;
        if (link.lostReason() == null) {
            try {
                offlineSent = link.channel().publish(status.offline()).get(grace, TimeUnit.NANOSECONDS) < 0x80;
            } catch (TimeoutException e) {
                log.warn("event=uplink-offline-status-failed error=\"no PUBACK within {}ms\"", timings.closeGrace().toMillis());
            } catch (TransportException | ExecutionException e) {
                log.warn("event=uplink-offline-status-failed error=\"{}\"", TransportException.reasonOf(e));
            }
            try {
                link.channel().disconnect(!offlineSent, timings.closeGrace());
            } catch (TransportException e) {
                log.warn("event=uplink-disconnect-unclean error=\"{}\"", e.getMessage());
            }
        }
        link.channel().abandon();
        log.info("event=uplink-down reason=closed offline_status_sent={}", offlineSent);
    }

    private void takeAnswersLogged(Link current) {
        try {
            records.takeAnswers(current);
        } catch (RuntimeException e) {
            log.warn("event=uplink-store-failed error=\"{}\"", e.toString());
            report.error("store: " + e);
        }
    }
}
