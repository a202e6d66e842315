package io.outpost.uplink;

import io.outpost.value.Lane;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link UplinkListener} of state changes and errors, and keeps the last error for
 * {@link UplinkStats}; a listener that throws is logged and otherwise ignored, so it cannot take the
 * link down.
 *
 * <p>Written only by the {@code uplink} thread; {@link #lastError()} is read by any.
 */
final class LinkReport {

    private static final Logger log = LoggerFactory.getLogger(LinkReport.class);

    private final UplinkListener listener;
    private volatile String lastError;

    LinkReport(UplinkListener listener) {
        this.listener = listener;
    }

    void error(String message) {
        lastError = message;
        try {
            listener.error(message);
        } catch (RuntimeException e) {
            log.warn("event=uplink-listener-failed on=error error=\"{}\"", e.toString());
        }
    }

    void stateChanged(LinkState state, String reason) {
        try {
            listener.linkStateChanged(state, reason);
        } catch (RuntimeException e) {
            log.warn("event=uplink-listener-failed on=state-change error=\"{}\"", e.toString());
        }
    }

    void acknowledged(Lane lane, byte[] payload, long publishToAckNanos) {
        try {
            listener.acknowledged(lane, payload, publishToAckNanos);
        } catch (RuntimeException e) {
            log.warn("event=uplink-listener-failed on=acknowledged error=\"{}\"", e.toString());
        }
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
