package io.outpost.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The cloud side of a bench script, in its own JVM so the gateway's CPU is measured alone: subscribes
 * to a telemetry topic at QoS 1, counts the samples in the records that arrive (one {@code {"t":}
 * per sample, see docs/protocol.md) and writes the running total to a file every 100 ms.
 *
 * <p>{@code TelemetryCounter BROKER_URL TOPIC COUNTER_FILE}
 */
public final class TelemetryCounter {

    private static final byte[] SAMPLE_START = "{\"t\":".getBytes(StandardCharsets.US_ASCII);

    private TelemetryCounter() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String topic = args[1];
        Path counterFile = Path.of(args[2]);
        AtomicLong samples = new AtomicLong();
        MqttClient client = new MqttClient(url, "bench-counter", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        // subscribe(String, int, IMqttMessageListener) recurses into itself in Paho 1.2.5; the array form works.
        IMqttMessageListener counter = (from, message) -> samples.addAndGet(occurrences(message.getPayload()));
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)}, new IMqttMessageListener[] {counter});
        while (true) {
            Thread.sleep(100);
            Files.writeString(counterFile, Long.toString(samples.get()));
        }
    }

    static long occurrences(byte[] payload) {
        long count = 0;
        outer:
        for (int i = 0; i + SAMPLE_START.length <= payload.length; i++) {
            for (int j = 0; j < SAMPLE_START.length; j++) {
                if (payload[i + j] != SAMPLE_START[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }
}
