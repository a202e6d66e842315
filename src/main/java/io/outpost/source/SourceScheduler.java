package io.outpost.source;

import io.outpost.threads.DaemonThreads;
import io.outpost.value.Durations;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler all sources share: a small fixed pool, no thread per tag or per source.
 * Fixed-rate ticks; ticks missed while a previous one ran late are skipped and counted in the
 * caller's counter, never run in a burst afterwards, so a stalled device cannot build a backlog, and
 * the source can tell the operator it does not keep its interval. It also takes the time of each poll
 * of a source ({@link #timed}), for the poll duration metric: sources that poll report through it,
 * whatever thread their read runs on.
 */
public final class SourceScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Durations polls;

    public SourceScheduler(int threads) {
        this(threads, Durations.NONE);
    }

    /** @param polls told how long each poll of a source took, by the source's name */
    public SourceScheduler(int threads, Durations polls) {
        this.polls = polls;
        this.executor = new ScheduledThreadPoolExecutor(threads, DaemonThreads.numbered("sources"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Runs {@code tick} every {@code period}, starting now; the handle cancels it. Each tick skipped
     * because the one before it ran past its slot adds one to {@code missed}.
     */
    public ScheduledFuture<?> every(Duration period, String what, AtomicLong missed, Runnable tick) {
        long nanos = Math.max(1, period.toNanos());
        Runnable guarded = new Runnable() {
            private long expected = System.nanoTime();

            @Override
            public void run() {
                // The executor never overlaps runs of one task but catches up late ones in a burst;
                // those catch-up runs are skipped and counted instead.
                long now = System.nanoTime();
                if (now - expected >= nanos) {
                    missed.incrementAndGet();
                    expected += nanos;
                    return;
                }
                expected += nanos;
                try {
                    tick.run();
                } catch (RuntimeException e) {
                    // A bug in one tick must not cancel its schedule (the executor would, silently).
                    log.warn("event=tick-failed what={} error=\"{}\"", what, e.toString());
                }
            }
        };
        return executor.scheduleAtFixedRate(guarded, 0, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs one poll of {@code source} and reports how long it took, failed or not. */
    public void timed(String source, Runnable poll) {
        polls.time(source, poll);
    }

    /** Where polls are reported, for a source that runs its polls on a thread of its own (OPC UA's poll mode). */
    public Durations polls() {
        return polls;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
