package io.outpost.uplink;

import io.outpost.log.RepeatedLines;
import io.outpost.uplink.Transport.OutboundMessage;
import io.outpost.value.Lane;
import io.outpost.store.RecordStore;
import io.outpost.store.StoredRecord;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow control: publishes the store's records within the send window, lanes in priority order (a
 * waiting alarm always before waiting telemetry), and accounts for every answer. A PUBACK releases
 * its record from the store, whatever connection it came on; a refusal keeps the record and holds
 * its lane ({@link SendWindow}); failures of a lost connection need nothing, since after a reconnect
 * every lane is read again from the store's head, past the records already acknowledged that the
 * store has not removed yet ({@link AcknowledgedSeqs}): only what was in flight goes out twice.
 *
 * <p>Owned by the {@code uplink} thread. The client's threads only queue answers and signal; the
 * counters are read by any.
 */
final class RecordSender {

    private static final Logger log = LoggerFactory.getLogger(RecordSender.class);
    private final RepeatedLines repeats = new RepeatedLines();
    /**
     * Upper bound of a QoS 1 PUBLISH's bytes besides topic and payload: header, lengths, packet id, and the
     * properties (a Content Type of up to 16 characters and the Payload Format Indicator take 21).
     */
    private static final int PUBLISH_OVERHEAD_BYTES = 40;

    private final RecordStore store;
    private final SendWindow window;
    private final Wakeup wakeup;
    private final LinkReport report;
    private final Map<Lane, String> laneTopics = new EnumMap<>(Lane.class);
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AcknowledgedSeqs acknowledgedSeqs = new AcknowledgedSeqs();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long maximumPacketSize = Long.MAX_VALUE;
    private volatile int inflightNow;
    private volatile int windowNow;

    RecordSender(RecordStore store, SendWindow window, String topicPrefix, Wakeup wakeup, LinkReport report) {
        this.store = store;
        this.window = window;
        this.wakeup = wakeup;
        this.report = report;
        for (Lane lane : Lane.values()) {
            laneTopics.put(lane, topicPrefix + "/" + lane.wireName());
        }
    }

    /** A new connection: {@code limit} records in flight at most, none larger than {@code maximumPacketSize}. */
    void connected(int limit, long maximumPacketSize) {
        this.maximumPacketSize = maximumPacketSize;
        window.reset(limit);
        publishWindow();
    }

    /** No connection: nothing in flight any more, every lane read again from its head next time. */
    void disconnected() {
        window.reset(0);
        publishWindow();
    }

    int inflight() {
        return window.inflight();
    }

    /** Nanos until a held lane may be read again, or {@code fallback}. */
    long nanosUntilNextRelease(long nowNanos, long fallback) {
        return window.nanosUntilNextRelease(nowNanos, fallback);
    }

    /**
     * Applies the answers the client has handed over. {@code current} is the live connection, or null
     * between connections; answers for older connections only release records from the store.
     */
    void takeAnswers(Link current) {
        boolean live = current != null && current.live();
        Answer answer;
        while ((answer = answers.poll()) != null) {
            boolean mine = current != null && answer.generation() == current.generation();
            if (answer.failure() == null && answer.reasonCode() < 0x80) {
                // A PUBACK is a PUBACK, even from an abandoned connection: the broker has the record.
                store.acknowledge(answer.lane(), answer.seq());
                acknowledgedSeqs.add(answer.lane(), answer.seq());
                acknowledged.incrementAndGet();
                report.acknowledged(answer.lane(), answer.payload(), answer.publishToAckNanos());
                if (mine) {
                    window.acknowledged(answer.lane(), answer.seq());
                }
            } else if (mine && live) {
                refuse(answer.lane(), answer.seq(), answer.failure() != null
                        ? answer.failure()
                        : "PUBACK reason 0x" + Integer.toHexString(answer.reasonCode()));
            }
        }
        publishWindow();
    }

    /** Fills free window slots from the store, lanes in priority order. */
    void fill(Link link) {
        for (Lane lane : Lane.values()) {
            while (window.free() > 0 && window.mayRead(lane, System.nanoTime())) {
                long cursor = window.cursor(lane);
                List<StoredRecord> records = store.read(lane, cursor, window.free());
                acknowledgedSeqs.gone(lane, cursor, records.isEmpty() ? Long.MAX_VALUE : records.get(0).seq());
                if (records.isEmpty()) {
                    break;
                }
                for (StoredRecord record : records) {
                    if (acknowledgedSeqs.contains(lane, record.seq())) {
                        // The broker has it; the store has not removed it yet.
                        window.skipped(lane, record.seq());
                        continue;
                    }
                    if (!publish(link, record)) {
                        publishWindow();
                        return;
                    }
                }
            }
            if (window.free() == 0) {
                break;
            }
        }
        publishWindow();
    }

    long published() {
        return published.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long refused() {
        return refused.get();
    }

    /** Records in flight, as of the last pass of the {@code uplink} thread. */
    int inflightNow() {
        return inflightNow;
    }

    /** The window's limit, as of the last pass of the {@code uplink} thread. */
    int windowNow() {
        return windowNow;
    }

    private boolean publish(Link link, StoredRecord record) {
        window.published(record.lane(), record.seq());
        String topic = laneTopics.get(record.lane());
        long packetSize = (long) record.payload().length + topic.length() + PUBLISH_OVERHEAD_BYTES;
        if (packetSize > maximumPacketSize) {
            // The client would drop the whole connection over it, and the reconnect would send it first again.
            refuse(record.lane(), record.seq(), "record of " + record.payload().length
                    + " bytes exceeds the broker's Maximum Packet Size of " + maximumPacketSize + " bytes");
            return false;
        }
        long generation = link.generation();
        long publishedNanos = System.nanoTime();
        try {
            link.channel().publish(OutboundMessage.record(topic, record.payload())).whenComplete((reasonCode, failure) -> {
                answers.add(new Answer(generation, record.lane(), record.seq(), reasonCode == null ? 0 : reasonCode,
                        failure == null ? null : TransportException.reasonOf(failure), record.payload(),
                        System.nanoTime() - publishedNanos));
                wakeup.signal();
            });
            published.incrementAndGet();
            return true;
        } catch (TransportException e) {
            if (e.connectionLost()) {
                link.lost(e.getMessage());
                return false;
            }
            // Refused by the client itself (e.g. too many in flight for it).
            refuse(record.lane(), record.seq(), "client refused publish: " + e.getMessage());
            return false;
        }
    }

    private void refuse(Lane lane, long seq, String why) {
        Duration hold = window.refused(lane, seq, System.nanoTime());
        if (hold == null) {
            return;
        }
        refused.incrementAndGet();
        repeats.admit("uplink-record-refused " + lane.wireName()).ifPresent(repeated -> log.warn(
                "event=uplink-record-refused lane={} seq={} reason=\"{}\" retry_in_ms={}{}", lane.wireName(), seq, why,
                hold.toMillis(), repeated));
        report.error("broker refused record lane=" + lane.wireName() + " seq=" + seq + " " + why
                + "; kept in the store, lane retried in " + hold.toMillis() + "ms");
    }

    private void publishWindow() {
        inflightNow = window.inflight();
        windowNow = window.limit();
    }

    /**
     * A publish answered: a PUBACK with its reason code, or a failure in words. The payload is the one the
     * publish already holds until it completes, not a copy.
     */
    private record Answer(long generation, Lane lane, long seq, int reasonCode, String failure, byte[] payload,
            long publishToAckNanos) {
    }
}
