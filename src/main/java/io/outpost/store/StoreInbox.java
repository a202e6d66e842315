package io.outpost.store;

import io.outpost.value.Lane;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * What waits for the writer thread: appends (bounded), acknowledgements, and appends the writer
 * makes itself from a listener (kept apart so that a drop report appended from the writer thread can
 * never wait on the writer). Producers wake the writer; the writer parks when all are empty.
 */
final class StoreInbox {

    /** {@code state}: committed with the record, or null. */
    record PendingAppend(Lane lane, LongFunction<byte[]> payloadForSeq, StoreState state,
            CompletableFuture<StoredRecord> future) {
    }

    /** A record to remove: acknowledged by the broker, or found damaged by a read. */
    record PendingRemoval(Lane lane, long seq, boolean corrupt) {
    }

    private final BlockingQueue<PendingAppend> appends;
    private final Queue<PendingRemoval> removals = new ConcurrentLinkedQueue<>();
    /** Touched only by the writer thread. */
    private final Queue<PendingAppend> ownAppends = new ArrayDeque<>();
    /** Appends of the alarm and event lanes queued and not taken yet: the writer never lingers for them. */
    private final AtomicInteger urgent = new AtomicInteger();
    private volatile Thread writer;

    StoreInbox(int capacity) {
        this.appends = new ArrayBlockingQueue<>(capacity);
    }

    void attachWriter(Thread thread) {
        this.writer = thread;
    }

    boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    /** Queues an append, waiting up to {@code timeoutNanos} for room; false when there was none. */
    boolean offer(PendingAppend append, long timeoutNanos) throws InterruptedException {
        if (isWriterThread()) {
            ownAppends.add(append);
            return true;
        }
        boolean lingers = append.lane() == Lane.TELEMETRY;
        if (!lingers) {
            urgent.incrementAndGet();
        }
        boolean queued = appends.offer(append, timeoutNanos, TimeUnit.NANOSECONDS);
        if (queued) {
            wake();
        } else if (!lingers) {
            urgent.decrementAndGet();
        }
        return queued;
    }

    /** Takes back an append the writer has not picked up; false when it already has. */
    boolean withdraw(PendingAppend append) {
        boolean withdrawn = appends.remove(append);
        if (withdrawn && append.lane() != Lane.TELEMETRY) {
            urgent.decrementAndGet();
        }
        return withdrawn;
    }

    void remove(PendingRemoval removal) {
        removals.add(removal);
        wake();
    }

    PendingAppend pollAppend() {
        PendingAppend own = ownAppends.poll();
        if (own != null) {
            return own;
        }
        PendingAppend append = appends.poll();
        if (append != null && append.lane() != Lane.TELEMETRY) {
            urgent.decrementAndGet();
        }
        return append;
    }

    /** Appends queued and not taken yet. */
    int appendsWaiting() {
        return ownAppends.size() + appends.size();
    }

    /** Whether only telemetry appends wait, none of another lane (nor any the writer made itself). */
    boolean onlyTelemetryWaits() {
        return urgent.get() == 0 && ownAppends.isEmpty();
    }

    PendingRemoval pollRemoval() {
        return removals.poll();
    }

    void discardRemovals() {
        removals.clear();
    }

    boolean hasWork() {
        return hasAppends() || hasRemovals();
    }

    boolean hasAppends() {
        return !ownAppends.isEmpty() || !appends.isEmpty();
    }

    boolean hasRemovals() {
        return !removals.isEmpty();
    }

    void wake() {
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Parks the writer until woken (an append, a removal, close) or {@code maxNanos} passed, unless
     * an append waits already; waiting removals alone do not keep it awake.
     */
    void awaitAppends(long maxNanos) {
        if (!hasAppends()) {
            LockSupport.parkNanos(this, maxNanos);
        }
    }

    /** Parks the writer until woken (an append, a removal, close) or {@code maxNanos} passed. */
    void awaitMore(long maxNanos) {
        LockSupport.parkNanos(this, maxNanos);
    }
}
