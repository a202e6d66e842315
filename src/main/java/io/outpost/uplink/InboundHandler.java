package io.outpost.uplink;

/**
 * Takes the messages of one subscription of the uplink. Called on the uplink's {@code uplink-inbound}
 * thread, one message at a time, never on Paho's: it may take its time (a write to a device), and
 * replies through {@link MqttUplink#reply}.
 */
@FunctionalInterface
public interface InboundHandler {

    void handle(InboundMessage message);
}
