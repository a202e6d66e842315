package io.outpost.store;

import io.outpost.log.KeyValues;
import io.outpost.value.Lane;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts operator-facing events (drops, source up/down, store recovery) on the events lane, and the
 * same line in the log. Never waits for the store: callers include the store's own writer thread.
 *
 * <p>An event the store refuses (a full disk: the events that say so are refused too) is kept, up to
 * {@link #MAX_WAITING}, with its own ts, and appended again by {@link #retryWaiting()} once the store
 * stores again; while events wait, new ones join them rather than meet the same failure. Past the
 * bound the oldest are let go, and one {@code events-not-stored} event says how many.
 */
public final class EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final RecordStore store;
    private final RecordEncoder encoder;
    private final LongSupplier clock;
    /** Events waiting for the store to store again, oldest first; guarded by itself. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    /** Guarded by {@link #waiting}: events let go past the bound, to be counted once. */
    private long overflowed;
    private volatile boolean anyWaiting;

    /** Bound on the events kept while the store refuses them. */
    static final int MAX_WAITING = 200;

    private record Waiting(String type, Map<String, ?> fields, long ts) {
    }

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
        Waiting event = new Waiting(type, fields, clock.getAsLong());
        if (anyWaiting) {
            keep(event);
            return;
        }
        appendNow(event);
    }

    private void appendNow(Waiting event) {
        try {
            store.append(Lane.EVENTS, seq -> encoder.event(seq, event.ts(), event.type(), event.fields()))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            logUnrecorded(event.type(), e, KEPT);
                            keep(event);
                        }
                    });
        } catch (RuntimeException e) {
            logUnrecorded(event.type(), e, KEPT);
            keep(event);
        }
    }

    private void keep(Waiting event) {
        synchronized (waiting) {
            if (waiting.size() >= MAX_WAITING) {
                waiting.pollFirst();
                overflowed++;
            }
            waiting.addLast(event);
            anyWaiting = true;
        }
    }

    /**
     * The store stored a record again: appends the events it refused before, in their order. Cheap when
     * none wait, so a caller may call it after every stored record.
     */
    public void retryWaiting() {
        if (!anyWaiting) {
            return;
        }
        List<Waiting> again;
        long lost;
        synchronized (waiting) {
            again = List.copyOf(waiting);
            waiting.clear();
            lost = overflowed;
            overflowed = 0;
            anyWaiting = false;
        }
        if (lost > 0) {
            appendNow(new Waiting("events-not-stored", Map.of("count", lost, "reason", "refused by the store while more"
                    + " than " + MAX_WAITING + " waited"), clock.getAsLong()));
        }
        log.info("event=events-stored-late count={}", again.size());
        again.forEach(this::appendNow);
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
                logUnrecorded(type, e, "not kept");
            }
        });
        return appended;
    }

    private static final String KEPT = "kept, stored once the store stores again";

    private static void logUnrecorded(String type, Throwable e, String effect) {
        // No new event about this: it would meet the same full or failed store.
        log.warn("event=event-not-stored type={} error=\"{}\" effect=\"{}\"", type, e.getMessage(), effect);
    }
}
