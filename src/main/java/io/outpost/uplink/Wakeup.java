package io.outpost.uplink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thing the {@code uplink} thread sleeps on. Anyone with news (new records, a PUBACK, a
 * lost connection, close) signals it; the thread wakes, looks at everything, and sleeps again.
 * A signal given while the thread is busy is remembered, so none is lost.
 *
 * <p>Thread-safe: any thread signals, only the {@code uplink} thread awaits.
 */
final class Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean pending;

    void signal() {
        lock.lock();
        try {
            pending = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Returns when signalled (now or earlier, since the last return) or after {@code nanos}. */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!pending && left > 0) {
                left = changed.awaitNanos(left);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
