package io.outpost.uplink;

import io.outpost.value.Lane;

/**
 * Told of link changes and errors (for status, metrics and {@code P/events}). Called on the
 * {@code uplink} thread: must be quick and must not call back into the uplink's blocking methods.
 */
public interface UplinkListener {

    /** Does nothing; for callers that only read {@link MqttUplink#stats()}. */
    UplinkListener NONE = new UplinkListener() { };

    /** The link moved to {@code state}; {@code reason} says why (empty when there is nothing to add). */
    default void linkStateChanged(LinkState state, String reason) {
    }

    /**
     * The broker acknowledged a record of {@code lane}: {@code payload} as it went on the wire (not to be
     * changed), {@code publishToAckNanos} from handing it to the client to its PUBACK arriving on the
     * {@code uplink} thread.
     */
    default void acknowledged(Lane lane, byte[] payload, long publishToAckNanos) {
    }

    /** Something went wrong that the uplink will retry by itself (connect failure, refused record, bad file). */
    default void error(String message) {
    }

    /** Tells {@code first}, then {@code second}, of everything. */
    static UplinkListener both(UplinkListener first, UplinkListener second) {
        return new UplinkListener() {
            @Override
            public void linkStateChanged(LinkState state, String reason) {
                first.linkStateChanged(state, reason);
                second.linkStateChanged(state, reason);
            }

            @Override
            public void acknowledged(Lane lane, byte[] payload, long publishToAckNanos) {
                first.acknowledged(lane, payload, publishToAckNanos);
                second.acknowledged(lane, payload, publishToAckNanos);
            }

            @Override
            public void error(String message) {
                first.error(message);
                second.error(message);
            }
        };
    }
}
