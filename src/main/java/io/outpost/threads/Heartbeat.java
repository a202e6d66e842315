package io.outpost.threads;

import java.util.concurrent.TimeUnit;

/**
 * The sign of life of one loop thread. Each time round, before it waits or starts work that takes
 * long, the loop says how long it may now stay silent; a watcher on another thread compares that
 * promise with the clock. A loop that is idle keeps its promises (it waits a bounded time and comes
 * round again); a wedged one (a hung fsync, a lock that never comes) does not, and that is what the
 * watcher is for: the thread's liveness is read from its own progress, never from a timer beside it.
 *
 * <p>Written by the loop's thread, read by any; a volatile deadline is all it holds.
 */
public final class Heartbeat {

    private final String name;
    private volatile long silentUntilNanos;

    /**
     * {@code startupNanos}: how long the loop may take to come round the first time from now (the
     * thread may not be started yet).
     */
    public Heartbeat(String name, long startupNanos) {
        this.name = name;
        this.silentUntilNanos = System.nanoTime() + startupNanos;
    }

    /** The thread the heartbeat belongs to, as {@link DaemonThreads} named it. */
    public String name() {
        return name;
    }

    /** The loop came round and may now be silent for up to {@code nanos}. */
    public void beat(long nanos) {
        silentUntilNanos = System.nanoTime() + Math.max(0, nanos);
    }

    /** The loop came round and may now be silent for up to {@code amount} {@code unit}. */
    public void beat(long amount, TimeUnit unit) {
        beat(unit.toNanos(amount));
    }

    /** How long the loop has been silent beyond what it promised at {@code nowNanos}; 0 or less while it keeps it. */
    public long overdueNanos(long nowNanos) {
        return nowNanos - silentUntilNanos;
    }
}
