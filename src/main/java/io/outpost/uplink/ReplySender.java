package io.outpost.uplink;

import io.outpost.uplink.Transport.OutboundMessage;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies to inbound commands: QoS 1, not retained, to the MQTT 5 response topic with the request's
 * correlation data. Any thread queues them (bounded, never blocking); the {@code uplink} thread
 * publishes them between records, at most {@link #connected its reply slots} in flight, so a burst of
 * commands neither waits behind a full record window nor crowds records out.
 *
 * <p>The queue is thread-safe; the slots and the in-flight count are replaced by the {@code uplink}
 * thread on every connect, and the in-flight count is decremented by the client's threads.
 */
final class ReplySender {

    private static final Logger log = LoggerFactory.getLogger(ReplySender.class);
    private static final int QUEUE = 64;

    private final BlockingQueue<OutboundMessage> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Wakeup wakeup;
    private int slots;
    /** Replies of the current connection not yet acknowledged; each connection starts with all slots free. */
    private AtomicInteger inFlight = new AtomicInteger();

    ReplySender(Wakeup wakeup) {
        this.wakeup = wakeup;
    }

    /** Queues a reply. Returns false when the queue is full; the reply is then not sent. */
    boolean offer(String topic, Optional<byte[]> correlationData, byte[] payload) {
        return offer(new OutboundMessage(topic, payload, false, correlationData));
    }

    /** Queues a retained message (the reported twin) the same way as a reply. */
    boolean offerRetained(String topic, byte[] payload) {
        return offer(OutboundMessage.of(topic, payload, true));
    }

    private boolean offer(OutboundMessage message) {
        String topic = message.topic();
        boolean queued = queue.offer(message);
        if (!queued) {
            log.warn("event=uplink-reply-dropped topic={} reason=\"reply queue full ({})\"", topic, QUEUE);
        }
        wakeup.signal();
        return queued;
    }

    /** Replies of the current connection not yet acknowledged. */
    int inFlight() {
        return inFlight.get();
    }

    /** A new connection with {@code slots} in-flight slots kept for replies. */
    void connected(int slots) {
        this.slots = slots;
        this.inFlight = new AtomicInteger();
    }

    /**
     * Publishes queued replies while slots are free; one the client refuses for lack of a connection or of
     * a free in-flight slot stays queued.
     */
    void sendPending(Link link) {
        AtomicInteger counter = inFlight;
        OutboundMessage reply;
        while (counter.get() < slots && (reply = queue.peek()) != null) {
            String topic = reply.topic();
            counter.incrementAndGet();
            try {
                link.channel().publish(reply).whenComplete((reasonCode, failure) -> {
                    counter.decrementAndGet();
                    if (failure != null) {
                        log.warn("event=uplink-reply-failed topic={} error=\"{}\"", topic, TransportException.reasonOf(failure));
                    }
                    wakeup.signal();
                });
                queue.poll();
            } catch (TransportException e) {
                counter.decrementAndGet();
                if (e.connectionLost() || e.busy()) {
                    // Stays queued: a slot frees with the next acknowledgement (records and replies share a
                    // Receive Maximum of 1), or the next connection sends it.
                    return;
                }
                log.warn("event=uplink-reply-refused topic={} error=\"{}\"", topic, e.getMessage());
                queue.poll();
            }
        }
    }
}
