package io.outpost.uplink;

import io.outpost.uplink.Transport.OutboundMessage;
import java.time.Clock;

/**
 * The retained {@code P/status} messages: the birth published on every connect, the offline status
 * used as Last Will and published on a clean stop.
 *
 * <p>Immutable.
 */
final class StatusTopic {

    private final String topic;
    private final StatusPayloads payloads;
    private final Clock clock;

    StatusTopic(String topicPrefix, StatusPayloads payloads, Clock clock) {
        this.topic = topicPrefix + "/status";
        this.payloads = payloads;
        this.clock = clock;
    }

    String topic() {
        return topic;
    }

    OutboundMessage birth() {
        return OutboundMessage.of(topic, payloads.online(clock.millis()), true);
    }

    OutboundMessage offline() {
        return OutboundMessage.of(topic, payloads.offline(), true);
    }
}
