package io.outpost.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.uplink.MessageCallback;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The demo's cloud side: subscribes to the gateway's topics and dedupes records by
 * {@code (lane, seq)}, the way SPEC §5 tells consumers to. A lost connection needs no handling here:
 * the demo reconnects explicitly after the broker comes back.
 */
final class DemoConsumer implements MessageCallback, AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final String topicPrefix;
    private final MqttClient client;
    private final Map<Long, Integer> telemetrySamplesBySeq = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> eventSeqs = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Map<String, AtomicLong> goodSamplesBySource = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> goodTagsBySource = new ConcurrentHashMap<>();
    private final Map<Long, AlarmRecord> alarmsBySeq = new ConcurrentHashMap<>();
    private final String machineTag;
    private final String scoreTag;
    private final AtomicLong firstMachineTs = new AtomicLong(Long.MAX_VALUE);
    private final ConcurrentLinkedQueue<Score> scores = new ConcurrentLinkedQueue<>();
    private volatile String lastStatus = "";

    /** A record of the alarm lane: {@code raised} or not (cleared), with the alarm's times (ms; 0 when absent). */
    record AlarmRecord(long seq, String alarm, boolean raised, double value, long raisedAt, long clearedAt) {
    }

    /** One good reading of the model's output tag, as delivered. */
    record Score(long tsMillis, double value) {
    }

    /**
     * {@code machineTag}: the tag ({@code source/name}) whose first reading {@link #firstReadingOfMachine()}
     * gives; {@code scoreTag}: the tag whose good readings {@link #scores()} keeps.
     */
    DemoConsumer(int brokerPort, String topicPrefix, String machineTag, String scoreTag) throws MqttException {
        this.topicPrefix = topicPrefix;
        this.machineTag = machineTag;
        this.scoreTag = scoreTag;
        this.client = new MqttClient("tcp://127.0.0.1:" + brokerPort, "demo-cloud", new MemoryPersistence());
        client.setCallback(this);
    }

    /** Connects and subscribes (again, after a broker restart); returns once the subscription stands. */
    void connect() throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        client.connect(options);
        client.subscribe(topicPrefix + "/#", 1);
    }

    boolean connected() {
        return client.isConnected();
    }

    long uniqueRecords() {
        return telemetrySamplesBySeq.size();
    }

    long deliveredSamples() {
        return telemetrySamplesBySeq.values().stream().mapToLong(Integer::longValue).sum();
    }

    long duplicates() {
        return duplicates.get();
    }

    long events() {
        return eventSeqs.size();
    }

    long malformed() {
        return malformed.get();
    }

    /** Samples of {@code source} (its tags {@code source/...}) delivered with quality good, each record counted once. */
    long goodSamplesOf(String source) {
        AtomicLong good = goodSamplesBySource.get(source);
        return good == null ? 0 : good.get();
    }

    /** How many of {@code source}'s tags arrived at least once with quality good. */
    int goodTagsOf(String source) {
        Set<String> tags = goodTagsBySource.get(source);
        return tags == null ? 0 : tags.size();
    }

    /** The alarm records delivered, each once, in seq order. */
    List<AlarmRecord> alarms() {
        return alarmsBySeq.values().stream().sorted(Comparator.comparingLong(AlarmRecord::seq)).toList();
    }

    /** The good readings of the score tag delivered, each record counted once, in order of arrival. */
    List<Score> scores() {
        return List.copyOf(scores);
    }

    /** The ts of the earliest reading of the machine tag delivered (the first is always sent), if any. */
    OptionalLong firstReadingOfMachine() {
        long first = firstMachineTs.get();
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    String lastStatus() {
        return lastStatus;
    }

    /** Seqs 1..lastSeq that never arrived. */
    long missingUpTo(long lastSeq) {
        long missing = 0;
        for (long seq = 1; seq <= lastSeq; seq++) {
            if (!telemetrySamplesBySeq.containsKey(seq)) {
                missing++;
            }
        }
        return missing;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            JsonNode record = json.readTree(message.getPayload());
            if (topic.equals(topicPrefix + "/telemetry")) {
                long seq = record.get("seq").asLong();
                if (telemetrySamplesBySeq.putIfAbsent(seq, record.get("samples").size()) != null) {
                    duplicates.incrementAndGet();
                } else {
                    tallyGood(record.get("samples"));
                }
            } else if (topic.equals(topicPrefix + "/alarms")) {
                alarmsBySeq.putIfAbsent(record.get("seq").asLong(), new AlarmRecord(record.get("seq").asLong(),
                        record.path("alarm").asText(), "alarm-raised".equals(record.path("type").asText()),
                        record.path("value").asDouble(Double.NaN), record.path("raised_at").asLong(),
                        record.path("cleared_at").asLong()));
            } else if (topic.equals(topicPrefix + "/events")) {
                eventSeqs.put(record.get("seq").asLong(), Boolean.TRUE);
            } else if (topic.equals(topicPrefix + "/status")) {
                lastStatus = record.path("state").asText();
            }
        } catch (Exception e) {
            malformed.incrementAndGet();
        }
    }

    private void tallyGood(JsonNode samples) {
        for (JsonNode sample : samples) {
            String tag = sample.path("t").asText();
            int slash = tag.indexOf('/');
            if (slash > 0 && "good".equals(sample.path("q").asText())) {
                if (tag.equals(machineTag)) {
                    firstMachineTs.accumulateAndGet(sample.path("ts").asLong(), Math::min);
                }
                if (tag.equals(scoreTag)) {
                    scores.add(new Score(sample.path("ts").asLong(), sample.path("v").asDouble()));
                }
                String source = tag.substring(0, slash);
                goodSamplesBySource.computeIfAbsent(source, s -> new AtomicLong()).incrementAndGet();
                goodTagsBySource.computeIfAbsent(source, s -> ConcurrentHashMap.newKeySet()).add(tag);
            }
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // Closing at the end of the demo; nothing left to save.
        }
    }
}
