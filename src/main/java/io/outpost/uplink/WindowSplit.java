package io.outpost.uplink;

/**
 * How one connection's in-flight QoS 1 slots, the broker's Receive Maximum, are shared: records get
 * {@code min(uplink.inflight, Receive Maximum)}, less a few kept for replies when there are
 * subscriptions; replies get what is left of those few, at least one. A Receive Maximum of 1 leaves
 * nothing to split: records and replies then take turns on the one slot ({@code shared}), since a
 * publish beyond the broker's limit is refused by the client (and a refused one can leave Paho's topic
 * alias table ahead of the broker's, which the broker answers with DISCONNECT 0x94).
 *
 * <p>Immutable.
 *
 * @param records the send window's limit
 * @param replies the reply slots
 * @param shared whether records and replies take turns on the one slot: a reply only while no record is
 *     in flight, records only while no reply is
 */
record WindowSplit(int records, int replies, boolean shared) {

    /** In-flight slots kept for replies when there are subscriptions. */
    static final int REPLY_SLOTS = 4;

    static WindowSplit of(int inflight, int receiveMaximum, boolean subscriptions) {
        int records = Math.min(inflight, subscriptions ? Math.max(1, receiveMaximum - REPLY_SLOTS) : receiveMaximum);
        int replies = Math.max(1, Math.min(REPLY_SLOTS, receiveMaximum - records));
        return new WindowSplit(records, replies, records + replies > receiveMaximum);
    }
}
