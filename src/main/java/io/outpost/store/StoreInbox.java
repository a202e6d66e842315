package io.outpost.store;

import io.outpost.value.Lane;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * What waits for the writer thread: appends (bounded), acknowledgements, and appends the writer
 * makes itself from a listener (kept apart so that a drop report appended from the writer thread can
 * never wait on the writer). Producers wake the writer; the writer parks when all are empty.
 */
final class StoreInbox {

    record PendingAppend(Lane lane, LongFunction<byte[]> payloadForSeq, CompletableFuture<StoredRecord> future) {
    }

    /** A record to remove: acknowledged by the broker, or found damaged by a read. */
    record PendingRemoval(Lane lane, long seq, boolean corrupt) {
    }

    private final BlockingQueue<PendingAppend> appends;
    private final Queue<PendingRemoval> removals = new ConcurrentLinkedQueue<>();
    /** Touched only by the writer thread. */
    private final Queue<PendingAppend> ownAppends = new ArrayDeque<>();
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
        boolean queued = appends.offer(append, timeoutNanos, TimeUnit.NANOSECONDS);
        if (queued) {
            wake();
        }
        return queued;
    }

    /** Takes back an append the writer has not picked up; false when it already has. */
    boolean withdraw(PendingAppend append) {
        return appends.remove(append);
    }

    void remove(PendingRemoval removal) {
        removals.add(removal);
        wake();
    }

    PendingAppend pollAppend() {
        PendingAppend own = ownAppends.poll();
        return own != null ? own : appends.poll();
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
}
