package io.outpost.store;

import io.outpost.config.BatchConfig;
import io.outpost.value.Lane;
import io.outpost.value.Sample;
import io.outpost.value.SampleSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Gathers telemetry samples into records ({@code uplink.batch}): a record closes at
 * {@code max_samples} or {@code max_delay} after its first sample. A durable commit per record, not
 * per sample, is what makes the store fast enough; the delay bounds how stale a sample can get here.
 */
public final class RecordBatcher implements SampleSink, RecordFeed, AutoCloseable {

    /** What became of each closed record. Called on the store's writer thread: must not block. */
    public interface Outcome {
        void stored(StoredRecord record, int samples);

        void refused(int samples, Throwable cause);
    }

    private final RecordStore store;
    private final RecordEncoder encoder;
    private final int maxSamples;
    private final long maxDelayNanos;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;
    private final Outcome outcome;

    private List<Sample> open;
    /** Read by the store's writer ({@link RecordFeed}). */
    private volatile long lastSampleNanos = Long.MIN_VALUE;
    private volatile boolean filling;
    private ScheduledFuture<?> deadline;
    private CompletableFuture<?> lastAppend = CompletableFuture.completedFuture(null);
    private boolean closed;

    public RecordBatcher(RecordStore store, RecordEncoder encoder, BatchConfig batch,
            ScheduledExecutorService timer, LongSupplier clock, Outcome outcome) {
        this.store = store;
        this.encoder = encoder;
        this.maxSamples = batch.maxSamples();
        this.maxDelayNanos = Math.max(1, batch.maxDelay().toNanos());
        this.timer = timer;
        this.clock = clock;
        this.outcome = outcome;
        this.open = new ArrayList<>(maxSamples);
        store.feedFrom(this);
    }

    @Override
    public long lastSampleNanos() {
        return lastSampleNanos;
    }

    @Override
    public boolean filling() {
        return filling;
    }

    @Override
    public synchronized void accept(Sample sample) {
        if (closed) {
            outcome.refused(1, new IllegalStateException("gateway is stopping"));
            return;
        }
        open.add(sample);
        lastSampleNanos = System.nanoTime();
        if (open.size() >= maxSamples) {
            flush();
        } else if (open.size() == 1) {
            filling = true;
            deadline = timer.schedule(this::flushOnDeadline, maxDelayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the open record now, if any. */
    public synchronized void flush() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (open.isEmpty()) {
            return;
        }
        List<Sample> samples = List.copyOf(open);
        open = new ArrayList<>(maxSamples);
        filling = false;
        long ts = clock.getAsLong();
        CompletableFuture<StoredRecord> append;
        try {
            append = store.append(Lane.TELEMETRY, seq -> encoder.telemetry(seq, ts, samples));
        } catch (RuntimeException e) {
            outcome.refused(samples.size(), e);
            return;
        }
        lastAppend = append.whenComplete((record, error) -> {
            if (error == null) {
                outcome.stored(record, samples.size());
            } else {
                outcome.refused(samples.size(), error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
    }

    private synchronized void flushOnDeadline() {
        deadline = null;
        flush();
    }

    /** Flushes what is open, refuses anything later, and waits until the last record is settled. */
    @Override
    public void close() {
        CompletableFuture<?> last;
        synchronized (this) {
            flush();
            closed = true;
            last = lastAppend;
        }
        try {
            last.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The outcome callback has already reported a failed append.
        }
    }
}
