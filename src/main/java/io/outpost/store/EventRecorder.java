package io.outpost.store;

import io.outpost.log.KeyValues;
import io.outpost.value.Lane;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts operator-facing events (drops, source up/down, store recovery) on the events lane, and the
 * same line in the log. Never waits for the store: callers include the store's own writer thread.
 */
public final class EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final RecordStore store;
    private final RecordEncoder encoder;
    private final LongSupplier clock;

    public EventRecorder(RecordStore store, RecordEncoder encoder, LongSupplier clock) {
        this.store = store;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** Records event {@code type} with {@code fields} (strings, numbers, booleans; insertion order kept). */
    public void record(String type, Map<String, ?> fields) {
        log.info("event={} {}", type, KeyValues.of(fields));
        append(type, fields);
    }

    /**
     * Records a periodic report ({@code health}) like an event, logged at DEBUG only: the journal gets
     * the events that happen, not a line a minute that repeats the metrics.
     */
    public void report(String type, Map<String, ?> fields) {
        log.debug("event={} {}", type, KeyValues.of(fields));
        append(type, fields);
    }

    private void append(String type, Map<String, ?> fields) {
        long ts = clock.getAsLong();
        try {
            store.append(Lane.EVENTS, seq -> encoder.event(seq, ts, type, fields))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            logUnrecorded(type, e);
                        }
                    });
        } catch (RuntimeException e) {
            logUnrecorded(type, e);
        }
    }

    /**
     * Records an alarm raise or clear ({@code type}) on the alarm lane, as an event record is made,
     * with the state {@code stateName} set to {@code state} in the same commit ({@link StoreState}).
     * The caller logs the alarm; a record the store refuses (a state above {@link StoreState#MAX_BYTES}
     * included) is logged here.
     *
     * @return completes once the record and the state are on disk, or exceptionally when refused
     */
    public CompletableFuture<StoredRecord> alarm(String type, Map<String, ?> fields, String stateName, byte[] state) {
        long ts = clock.getAsLong();
        CompletableFuture<StoredRecord> appended;
        try {
            appended = store.append(Lane.ALARMS, seq -> encoder.event(seq, ts, type, fields), new StoreState(stateName, state));
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((r, e) -> {
            if (e != null) {
                logUnrecorded(type, e);
            }
        });
        return appended;
    }

    private static void logUnrecorded(String type, Throwable e) {
        // Deliberately no new event about this: it would meet the same full or failed store.
        log.warn("event=event-not-stored type={} error=\"{}\"", type, e.getMessage());
    }
}
