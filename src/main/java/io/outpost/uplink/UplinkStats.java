package io.outpost.uplink;

import java.time.Duration;
import java.util.Optional;

/**
 * The uplink's counters, as of one moment.
 *
 * @param state the link now
 * @param connects connections that reached {@link LinkState#UP}
 * @param failedConnects connect attempts that did not (refused, timed out, TLS, bad credentials file)
 * @param disconnects connections lost or closed after being up
 * @param publishedRecords record publishes handed to the client (a resend after a reconnect counts again)
 * @param acknowledgedRecords records the broker acknowledged and the store released
 * @param refusedRecords publishes the broker answered with an error reason code, or too large for its Maximum Packet
 *     Size; they stay in the store and their lane is retried after a backoff delay
 * @param inflight record publishes waiting for their PUBACK now
 * @param window the in-flight limit of the current connection: {@code min(uplink.inflight, broker Receive Maximum)}, 0 when down
 * @param backoffAttempt steps taken up the reconnect backoff curve since it was last reset
 * @param lastBackoff the last reconnect delay drawn, zero before the first
 * @param lastError the last error, if any occurred since start
 * @param connectedSinceMillis when the connection now up came up, ms since the epoch; empty while not up
 * @param nextRetryIn while waiting out a backoff, the time left until the next connect attempt
 */
public record UplinkStats(
        LinkState state,
        long connects,
        long failedConnects,
        long disconnects,
        long publishedRecords,
        long acknowledgedRecords,
        long refusedRecords,
        int inflight,
        int window,
        int backoffAttempt,
        Duration lastBackoff,
        Optional<String> lastError,
        Optional<Long> connectedSinceMillis,
        Optional<Duration> nextRetryIn) {

    /** Connections that came up again after the first one: a link that flaps shows here. */
    public long reconnects() {
        return Math.max(0, connects - 1);
    }
}
