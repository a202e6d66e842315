package io.outpost.uplink;

import io.outpost.uplink.Transport.Channel;
import java.util.function.Consumer;

/**
 * One connection: its channel, its number (so answers of an abandoned connection cannot touch the
 * window of the current one) and why it was lost, once it was.
 *
 * <p>Built and driven by the {@code uplink} thread; the channel's threads only record a loss (and
 * signal) or hand an inbound message over.
 */
final class Link {

    private final long generation;
    private final Channel channel;
    private final Watch watch;
    private long upSinceNanos;

    private Link(long generation, Channel channel, Watch watch) {
        this.generation = generation;
        this.channel = channel;
        this.watch = watch;
    }

    /** Opens a channel whose loss wakes {@code wakeup} and whose messages go to {@code inbound}. */
    static Link open(Transport transport, long generation, Wakeup wakeup, Consumer<InboundMessage> inbound)
            throws TransportException {
        Watch watch = new Watch(wakeup, inbound);
        return new Link(generation, transport.open(watch), watch);
    }

    long generation() {
        return generation;
    }

    Channel channel() {
        return channel;
    }

    /** The first reason the connection was lost for, or null while it lives. */
    String lostReason() {
        return watch.lostReason;
    }

    /** Live as far as this side knows: not lost, and the client still connected. */
    boolean live() {
        return watch.lostReason == null && channel.isConnected();
    }

    void lost(String reason) {
        watch.lost(reason);
    }

    void markUp(long nowNanos) {
        upSinceNanos = nowNanos;
    }

    long upNanos(long nowNanos) {
        return nowNanos - upSinceNanos;
    }

    /** What the channel's threads report. */
    private static final class Watch implements Transport.Events {
        private final Wakeup wakeup;
        private final Consumer<InboundMessage> inbound;
        private volatile String lostReason;

        Watch(Wakeup wakeup, Consumer<InboundMessage> inbound) {
            this.wakeup = wakeup;
            this.inbound = inbound;
        }

        @Override
        public synchronized void lost(String reason) {
            if (lostReason == null) {
                lostReason = reason;
            }
            wakeup.signal();
        }

        @Override
        public void arrived(InboundMessage message) {
            inbound.accept(message);
        }
    }
}
