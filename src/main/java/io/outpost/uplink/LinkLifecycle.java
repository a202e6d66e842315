package io.outpost.uplink;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The life cycle of the broker connection: every phase and every transition between them, in one
 * place. A transition not in {@link #NEXT} is a defect and refused. The connect, up and loss counts
 * of {@link UplinkStats} are taken here, on the transitions that mean them, and the listener hears
 * of every change of the {@link LinkState} callers see.
 *
 * <p>Written only by the {@code uplink} thread; the phase and the counts are read by any.
 */
final class LinkLifecycle {

    enum Phase {
        /** Built, the {@code uplink} thread not yet running. */
        NEW(LinkState.DOWN),
        /** One attempt under way: TCP, TLS, CONNECT to CONNACK, subscriptions, birth. */
        CONNECTING(LinkState.CONNECTING),
        /** Birth acknowledged; records and replies flowing. */
        UP(LinkState.UP),
        /** Waiting out a reconnect delay. */
        BACKING_OFF(LinkState.DOWN),
        /** Closing: in-flight PUBACKs awaited, offline status, DISCONNECT. Nothing new is sent. */
        CLOSING(LinkState.DOWN),
        /** The {@code uplink} thread has ended. */
        CLOSED(LinkState.DOWN);

        private final LinkState visible;

        Phase(LinkState visible) {
            this.visible = visible;
        }

        LinkState visible() {
            return visible;
        }
    }

    private static final Map<Phase, Set<Phase>> NEXT = new EnumMap<>(Map.of(
            // the thread starts / closed before the first attempt
            Phase.NEW, EnumSet.of(Phase.CONNECTING, Phase.CLOSING),
            // birth acknowledged / the attempt failed or timed out / closed during the attempt
            Phase.CONNECTING, EnumSet.of(Phase.UP, Phase.BACKING_OFF, Phase.CLOSING),
            // connection lost / closed
            Phase.UP, EnumSet.of(Phase.BACKING_OFF, Phase.CLOSING),
            // the delay is over / closed during the delay
            Phase.BACKING_OFF, EnumSet.of(Phase.CONNECTING, Phase.CLOSING),
            // disconnected (or gave up on it)
            Phase.CLOSING, EnumSet.of(Phase.CLOSED),
            Phase.CLOSED, EnumSet.noneOf(Phase.class)));

    private final LinkReport report;
    private volatile Phase phase = Phase.NEW;
    private volatile long connects;
    private volatile long failedConnects;
    private volatile long disconnects;
    /** Wall clock of the last move to UP; 0 while not up. */
    private volatile long upSinceMillis;

    LinkLifecycle(LinkReport report) {
        this.report = report;
    }

    /** Moves to {@code next}; {@code reason} goes to the listener when the visible state changes. */
    void moveTo(Phase next, String reason) {
        Phase from = phase;
        if (!NEXT.get(from).contains(next)) {
            throw new IllegalStateException("link cannot go from " + from + " to " + next);
        }
        phase = next;
        if (next != Phase.UP) {
            upSinceMillis = 0;
        }
        if (from == Phase.CONNECTING && next == Phase.UP) {
            connects++;
            upSinceMillis = System.currentTimeMillis();
        } else if (from == Phase.CONNECTING && next == Phase.BACKING_OFF) {
            failedConnects++;
        } else if (from == Phase.UP) {
            disconnects++;
        }
        if (from.visible() != next.visible()) {
            report.stateChanged(next.visible(), reason);
        }
    }

    Phase phase() {
        return phase;
    }

    LinkState state() {
        return phase.visible();
    }

    long connects() {
        return connects;
    }

    long failedConnects() {
        return failedConnects;
    }

    long disconnects() {
        return disconnects;
    }

    /** When the connection now up came up, ms since the epoch; empty while the link is not up. */
    Optional<Long> upSinceMillis() {
        long since = upSinceMillis;
        return since == 0 ? Optional.empty() : Optional.of(since);
    }
}
