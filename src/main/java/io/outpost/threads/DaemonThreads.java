package io.outpost.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way Outpost makes threads: named, so {@code top -H} and a thread dump say whose they are,
 * and daemon threads, so a part that was not closed never keeps the JVM from exiting. Orderly stop is
 * the owner's job (each executor is shut down in the gateway's stop order), not the JVM's.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A daemon thread named {@code name}, not yet started. */
    public static Thread newThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** For an executor of one thread: every thread it makes is called {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> newThread(name, task);
    }

    /** For an executor of several threads: {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return task -> newThread(prefix + "-" + next.incrementAndGet(), task);
    }
}
