package io.outpost.uplink;

import io.outpost.store.RecordFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.SocketFactory;

/**
 * The seam between the link and an MQTT 5 client library: just what the link uses of a client, in
 * the link's own words, so the connect loop, the send window and the replies can run against a
 * scripted transport in tests and against Paho ({@link PahoTransport}) in the daemon. Every failure
 * crosses the seam already described for an operator.
 *
 * <p>Thread-safe by contract: the {@code uplink} thread calls in, the client's own threads complete
 * the futures and call {@link Events}.
 */
interface Transport {

    /** A new, unconnected client for one connect attempt; what happens to it later goes to {@code events}. */
    Channel open(Events events) throws TransportException;

    /** One client and its one connection. Never reused once lost or abandoned. */
    interface Channel {

        /** Sends CONNECT with a clean start; completes with the CONNACK, or exceptionally with a {@link TransportException}. */
        CompletableFuture<Connack> connect(ConnectOptions options) throws TransportException;

        /** Subscribes {@code filter} at QoS 1; completes with the SUBACK's reason code. */
        CompletableFuture<Integer> subscribe(String filter) throws TransportException;

        /**
         * Publishes at QoS 1; completes with the PUBACK's reason code, or exceptionally with a
         * {@link TransportException}. Throws when the client refuses the message before sending it.
         */
        CompletableFuture<Integer> publish(OutboundMessage message) throws TransportException;

        boolean isConnected();

        /** A clean DISCONNECT, waiting at most {@code timeout}; {@code sendWill} asks the broker to publish the Will anyway. */
        void disconnect(boolean sendWill, Duration timeout) throws TransportException;

        /** Drops the connection without a DISCONNECT and releases the client's threads. Never throws. */
        void abandon();
    }

    /** What a channel reports on its own; called on the client's threads, so only hand over and return. */
    interface Events {

        /** The connection went away; {@code reason} says why, for an operator. */
        void lost(String reason);

        /** A message arrived on a subscribed filter. */
        void arrived(InboundMessage message);
    }

    /**
     * What CONNACK told of the broker's limits.
     *
     * @param receiveMaximum QoS 1 publishes the broker takes in flight at once
     * @param maximumPacketSize the largest packet the broker accepts, {@link Long#MAX_VALUE} when it sets none
     */
    record Connack(int receiveMaximum, long maximumPacketSize) {
    }

    /**
     * A QoS 1 publish. {@code correlationData} goes out as the MQTT 5 Correlation Data; {@code format}, when
     * present, as the Content Type and the Payload Format Indicator.
     */
    record OutboundMessage(String topic, byte[] payload, boolean retained, Optional<byte[]> correlationData,
            Optional<RecordFormat> format) {

        OutboundMessage(String topic, byte[] payload, boolean retained, Optional<byte[]> correlationData) {
            this(topic, payload, retained, correlationData, Optional.empty());
        }

        static OutboundMessage of(String topic, byte[] payload, boolean retained) {
            return new OutboundMessage(topic, payload, retained, Optional.empty());
        }

        /** A stored record, labelled with the format its bytes are in. */
        static OutboundMessage record(String topic, byte[] payload) {
            return new OutboundMessage(topic, payload, false, Optional.empty(), Optional.of(RecordFormat.of(payload)));
        }
    }

    /**
     * How to connect, built afresh for every attempt ({@link ConnectSettings}).
     *
     * @param connectTimeout the client's own limit for the TCP and TLS part
     * @param socketFactory TLS for {@code ssl://} and {@code wss://}, with host name checking by the client
     */
    /** @param sessionExpiry how long the broker keeps the session after a disconnect; zero: a clean start every time */
    record ConnectOptions(Duration keepAlive, Duration connectTimeout, OutboundMessage will, Optional<String> username,
            Optional<byte[]> password, Optional<SocketFactory> socketFactory, Duration sessionExpiry) {
    }
}
