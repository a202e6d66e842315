package io.outpost.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The cloud side of a bench script, in its own JVM so the gateway's CPU is measured alone: subscribes
 * to a telemetry topic at QoS 1, counts the samples in the records that arrive (one {@code {"t":}
 * per sample, see docs/protocol.md) and writes the running total to a file every 100 ms.
 *
 * <p>{@code TelemetryCounter BROKER_URL TOPIC COUNTER_FILE}
 */
public final class TelemetryCounter {

    static final byte[] SAMPLE_START = "{\"t\":".getBytes(StandardCharsets.US_ASCII);

    private TelemetryCounter() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String topic = args[1];
        Path counterFile = Path.of(args[2]);
        AtomicLong samples = new AtomicLong();
        subscribe(url, "bench-counter", topic, (from, message) -> samples.addAndGet(occurrences(message.getPayload())));
        while (true) {
            Thread.sleep(100);
            Files.writeString(counterFile, Long.toString(samples.get()));
        }
    }

    /** Connects to {@code url} with a clean start and subscribes {@code listener} to {@code topic} at QoS 1. */
    static MqttClient subscribe(String url, String clientId, String topic, IMqttMessageListener listener)
            throws MqttException {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        // subscribe(String, int, IMqttMessageListener) recurses into itself in Paho 1.2.5; the array form works.
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)}, new IMqttMessageListener[] {listener});
        return client;
    }

    static long occurrences(byte[] payload) {
        long count = 0;
        for (int i = indexOf(payload, SAMPLE_START, 0); i >= 0; i = indexOf(payload, SAMPLE_START, i + 1)) {
            count++;
        }
        return count;
    }

    /** Where {@code part} first occurs in {@code payload} at or after {@code from}, or -1. */
    static int indexOf(byte[] payload, byte[] part, int from) {
        outer:
        for (int i = from; i + part.length <= payload.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (payload[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
