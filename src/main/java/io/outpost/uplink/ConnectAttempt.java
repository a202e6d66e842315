package io.outpost.uplink;

import io.outpost.uplink.Transport.Channel;
import io.outpost.uplink.Transport.Connack;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connect attempt, all of it under one deadline ({@link LinkTimings#connectTimeout()}): a fresh
 * channel, CONNECT to CONNACK, every subscription to its SUBACK, the retained birth to its PUBACK.
 * The client itself never times out a broker that accepts TCP and then stays silent, hence the
 * deadline here. A refused subscription is reported and the link still comes up; anything else that
 * goes wrong abandons the channel and fails the attempt with the reason in words.
 *
 * <p>Runs on the {@code uplink} thread; it sleeps on the thread's {@link Wakeup}, so a close ends the
 * attempt at once.
 */
final class ConnectAttempt {

    private static final Logger log = LoggerFactory.getLogger(ConnectAttempt.class);

    /** A connection that is up: the birth was acknowledged. */
    record Established(Link link, Connack connack) {
    }

    private final Transport transport;
    private final ConnectSettings settings;
    private final StatusTopic status;
    private final InboundRouter inbound;
    private final LinkTimings timings;
    private final URI url;
    private final Wakeup wakeup;
    private final BooleanSupplier closing;
    private final LinkReport report;

    ConnectAttempt(Transport transport, ConnectSettings settings, StatusTopic status, InboundRouter inbound,
            LinkTimings timings, URI url, Wakeup wakeup, BooleanSupplier closing, LinkReport report) {
        this.transport = transport;
        this.settings = settings;
        this.status = status;
        this.inbound = inbound;
        this.timings = timings;
        this.url = url;
        this.wakeup = wakeup;
        this.closing = closing;
        this.report = report;
    }

    /** Connects connection number {@code generation}; throws with the reason when the attempt fails. */
    Established connect(long generation) throws LinkSetupException, InterruptedException {
        long deadline = System.nanoTime() + timings.connectTimeout().toNanos();
        Link link = null;
        try {
            Transport.ConnectOptions options = settings.build();
            link = Link.open(transport, generation, wakeup, inbound::route);
            Channel channel = link.channel();
            Connack connack = await(channel.connect(options), deadline, "no CONNACK");
            subscribeAll(channel, deadline);
            int birthReason = await(channel.publish(status.birth()), deadline, "no PUBACK for the birth on " + status.topic());
            if (birthReason >= 0x80) {
                throw new LinkSetupException("broker refused the birth on " + status.topic() + ": reason 0x"
                        + Integer.toHexString(birthReason));
            }
            return new Established(link, connack);
        } catch (LinkSetupException e) {
            throw abandoned(link, e.getMessage());
        } catch (TimeoutException e) {
            throw abandoned(link, e.getMessage() + " from " + url + " within " + timings.connectTimeout().toMillis() + "ms");
        } catch (ExecutionException e) {
            throw abandoned(link, TransportException.reasonOf(e));
        } catch (TransportException e) {
            throw abandoned(link, e.getMessage());
        } catch (RuntimeException e) {
            throw abandoned(link, "connect to " + url + " failed: " + e);
        }
    }

    /** Subscribes every filter and waits for the SUBACKs; a refused filter is reported, the link stays. */
    private void subscribeAll(Channel channel, long deadline)
            throws TransportException, InterruptedException, ExecutionException, TimeoutException {
        for (String filter : inbound.filters()) {
            int reason = await(channel.subscribe(filter), deadline, "no SUBACK for " + filter);
            if (reason >= 0x80) {
                log.warn("event=uplink-subscription-refused filter={} reason=0x{}", filter, Integer.toHexString(reason));
                report.error("broker refused the subscription to " + filter + ": reason 0x" + Integer.toHexString(reason)
                        + "; commands will not arrive (check the broker's ACL)");
            }
        }
    }

    private <T> T await(CompletableFuture<T> future, long deadlineNanos, String what)
            throws InterruptedException, ExecutionException, TimeoutException {
        // Completion does not signal the wakeup by itself: ask it to, then sleep on it like everything else.
        future.whenComplete((value, failure) -> wakeup.signal());
        long left;
        while (!future.isDone() && !closing.getAsBoolean() && (left = deadlineNanos - System.nanoTime()) > 0) {
            wakeup.await(left);
        }
        if (!future.isDone()) {
            throw new TimeoutException(what);
        }
        return future.get();
    }

    private static LinkSetupException abandoned(Link link, String reason) {
        if (link != null) {
            link.channel().abandon();
        }
        return new LinkSetupException(reason);
    }
}
