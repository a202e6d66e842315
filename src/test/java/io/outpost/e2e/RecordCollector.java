package io.outpost.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A cloud consumer with a persistent session (clean start off, long session expiry), as a real
 * backend would run: a broker that keeps sessions queues what the gateway sends while the consumer
 * is away. Keeps the first payload of every telemetry seq and notes any repeat whose bytes differ.
 */
final class RecordCollector implements AutoCloseable {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final MqttClient client;
    private final String telemetryTopic;
    private final Map<Long, byte[]> firstPayloadBySeq = new TreeMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private long duplicates;

    RecordCollector(int port, String topicPrefix, String clientId) throws MqttException {
        this.telemetryTopic = topicPrefix + "/telemetry";
        this.client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        client.connect(options);
        client.subscribe(telemetryTopic, 1, (topic, message) -> onTelemetry(message.getPayload()));
    }

    private synchronized void onTelemetry(byte[] payload) {
        Matcher m = SEQ.matcher(new String(payload, StandardCharsets.UTF_8));
        if (!m.find()) {
            conflicts.add("record without seq: " + new String(payload, StandardCharsets.UTF_8));
            return;
        }
        long seq = Long.parseLong(m.group(1));
        byte[] first = firstPayloadBySeq.putIfAbsent(seq, payload);
        if (first != null) {
            duplicates++;
            if (!Arrays.equals(first, payload)) {
                conflicts.add("seq " + seq + " arrived with different content:\n  "
                        + new String(first, StandardCharsets.UTF_8) + "\n  " + new String(payload, StandardCharsets.UTF_8));
            }
        }
    }

    synchronized long maxSeq() {
        return firstPayloadBySeq.isEmpty() ? 0 : ((TreeMap<Long, byte[]>) firstPayloadBySeq).lastKey();
    }

    synchronized int count() {
        return firstPayloadBySeq.size();
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Seqs between 1 and the highest received that never arrived. */
    synchronized List<Long> missing() {
        List<Long> missing = new ArrayList<>();
        for (long seq = 1; seq <= maxSeq() && missing.size() < 50; seq++) {
            if (!firstPayloadBySeq.containsKey(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    synchronized String payload(long seq) {
        byte[] p = firstPayloadBySeq.get(seq);
        return p == null ? null : new String(p, StandardCharsets.UTF_8);
    }

    /** Waits until {@code condition} holds; fails with {@code what} and the collector's state after {@code seconds}. */
    void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what + "; received "
                        + count() + " records, max seq " + maxSeq() + ", missing " + missing());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
