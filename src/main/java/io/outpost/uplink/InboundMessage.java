package io.outpost.uplink;

import java.util.Optional;

/**
 * A message the broker delivered on a topic the uplink subscribed to (commands, desired config).
 *
 * @param responseTopic the MQTT 5 Response Topic, where the sender waits for a reply
 * @param correlationData the MQTT 5 Correlation Data, to be sent back with the reply unchanged
 */
public record InboundMessage(String topic, byte[] payload, Optional<String> responseTopic, Optional<byte[]> correlationData) {
}
