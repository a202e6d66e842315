package io.outpost.testing;

import io.outpost.value.Lane;
import io.outpost.uplink.MessageCallback;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The cloud side in tests: a Paho v5 client subscribed to {@code <prefix>/#} at QoS 1 that keeps
 * everything it receives, in arrival order. It reconnects and subscribes again by itself after a
 * broker outage ({@link #subscriptions()} counts the subscriptions made).
 */
public final class CloudConsumer implements AutoCloseable {

    /** {@code contentType}: the MQTT 5 Content Type, null when the message had none. */
    public record Received(int index, String topic, byte[] payload, boolean retained, String contentType,
            boolean utf8) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final String filter;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger subscriptions = new AtomicInteger();

    public CloudConsumer(String url, String topicPrefix) throws MqttException {
        this(url, topicPrefix, false);
    }

    /**
     * @param keepSession when true, the broker keeps this consumer's session (subscription and
     *     queued messages) while it is away, including across a broker restart if the broker persists
     */
    public CloudConsumer(String url, String topicPrefix, boolean keepSession) throws MqttException {
        this.filter = topicPrefix + "/#";
        this.client = new MqttAsyncClient(url, "cloud-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MessageCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                synchronized (received) {
                    received.add(new Received(received.size(), topic, message.getPayload(), message.isRetained(),
                            message.getProperties().getContentType(), message.getProperties().getPayloadFormat()));
                }
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                subscribe();
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!keepSession);
        if (keepSession) {
            options.setSessionExpiryInterval(3600L);
        }
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(30));
        Await.until("consumer subscribed to " + filter, () -> subscriptions.get() > 0);
    }

    /** Called on Paho's callback thread, which must not block: the SUBACK is counted by a listener. */
    private void subscribe() {
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscriptions.incrementAndGet();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            // the reconnect after the next outage subscribes again
        }
    }

    /** Subscriptions made so far: 1 after connecting, +1 after each reconnect. */
    public int subscriptions() {
        return subscriptions.get();
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> on(String topic) {
        return all().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Distinct seqs received on {@code <prefix>/<lane>}. */
    public Set<Long> seqs(String topicPrefix, Lane lane) {
        Set<Long> seqs = new TreeSet<>();
        for (Received r : on(topicPrefix + "/" + lane.wireName())) {
            seqs.add(TestPayloads.seqOf(r.payload()));
        }
        return seqs;
    }

    public void awaitUntil(String what, Predicate<List<Received>> condition) {
        awaitUntil(what, Await.DEFAULT_TIMEOUT, condition);
    }

    public void awaitUntil(String what, Duration timeout, Predicate<List<Received>> condition) {
        Await.until(what, timeout, () -> condition.test(all()), () -> "(received " + all().size() + " messages)");
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            // going away anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // going away anyway
        }
    }
}
