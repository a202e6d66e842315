package io.outpost.testing;

import io.outpost.uplink.MessageCallback;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The cloud's side of commands in tests: publishes to a command topic with an MQTT 5 Response Topic
 * and Correlation Data, and waits for the reply that carries the same Correlation Data back.
 */
public final class CommandClient implements AutoCloseable {

    /** A reply: its payload and the Correlation Data it came back with (empty when it had none). */
    public record Reply(String text, Optional<byte[]> correlationData) {
    }

    private final MqttAsyncClient client;
    private final String responseTopic = "replies/" + UUID.randomUUID();
    private final ConcurrentHashMap<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();

    public CommandClient(String url) throws MqttException {
        client = new MqttAsyncClient(url, "requester-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback((MessageCallback) (topic, message) -> {
            byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            String key = correlation == null ? "" : new String(correlation, StandardCharsets.UTF_8);
            CompletableFuture<Reply> future = waiting.remove(key);
            if (future != null) {
                future.complete(new Reply(new String(message.getPayload(), StandardCharsets.UTF_8),
                        Optional.ofNullable(correlation)));
            }
        });
        client.connect(new MqttConnectionOptions()).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        client.subscribe(new MqttSubscription[] {new MqttSubscription(responseTopic, 1)})
                .waitForCompletion(TimeUnit.SECONDS.toMillis(30));
    }

    /** Sends {@code payload} to {@code topic} with a response topic and fresh correlation data; waits for the reply. */
    public Reply request(String topic, String payload) throws Exception {
        return request(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #request(String, String)}, with any bytes as the payload (not UTF-8, huge, ...). */
    public Reply request(String topic, byte[] payload) throws Exception {
        Reply got = ask(topic, payload, null).get(30, TimeUnit.SECONDS);
        if (got.correlationData().isEmpty()) {
            throw new AssertionError("reply came back without correlation data");
        }
        return got;
    }

    /**
     * Sends {@code payload} to {@code topic} with a response topic, fresh correlation data and a Message Expiry
     * Interval, and returns at once: the reply, when it comes, completes the future.
     */
    public CompletableFuture<Reply> requestExpiring(String topic, String payload, long expirySeconds) throws MqttException {
        return ask(topic, payload.getBytes(StandardCharsets.UTF_8), expirySeconds);
    }

    /** Publishes with a response topic and fresh correlation data; the reply that carries them back completes the future. */
    private CompletableFuture<Reply> ask(String topic, byte[] payload, Long expirySeconds) throws MqttException {
        String correlation = UUID.randomUUID().toString();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        waiting.put(correlation, reply);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        if (expirySeconds != null) {
            properties.setMessageExpiryInterval(expirySeconds);
        }
        publish(topic, new MqttMessage(payload, 1, false, properties));
        return reply;
    }

    /**
     * Publishes and waits for the PUBACK. Against a broker whose Receive Maximum is 1, Paho may still
     * count the last publish in flight for a moment after its PUBACK completed the token ("Too many
     * publishes in progress"): that refusal is retried for a few seconds, anything else is not.
     */
    private void publish(String topic, MqttMessage message) throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                client.publish(topic, message).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Sends {@code payload} to {@code topic} without asking for a reply. */
    public void send(String topic, String payload) throws MqttException {
        publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
    }

    /** Publishes {@code payload} to {@code topic} retained, as a fleet backend sets a desired twin. */
    public void sendRetained(String topic, byte[] payload) throws MqttException {
        publish(topic, new MqttMessage(payload, 1, true, new MqttProperties()));
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(10));
        } finally {
            client.close(true);
        }
    }
}
