package io.outpost.uplink;

/**
 * How one connection's in-flight QoS 1 slots, the broker's Receive Maximum, are shared: records get
 * {@code min(uplink.inflight, Receive Maximum)}, less a few kept for replies when there are
 * subscriptions; replies get what is left of those few, at least one.
 *
 * <p>Immutable.
 *
 * @param records the send window's limit
 * @param replies the reply slots
 */
record WindowSplit(int records, int replies) {

    /** In-flight slots kept for replies when there are subscriptions. */
    static final int REPLY_SLOTS = 4;

    static WindowSplit of(int inflight, int receiveMaximum, boolean subscriptions) {
        int records = Math.min(inflight, subscriptions ? Math.max(1, receiveMaximum - REPLY_SLOTS) : receiveMaximum);
        return new WindowSplit(records, Math.max(1, Math.min(REPLY_SLOTS, receiveMaximum - records)));
    }
}
