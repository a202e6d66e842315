package io.outpost.store;

/**
 * What the store's writer may ask the producer of telemetry records (the batcher) about the samples
 * still coming: a poll of 1,000 registers makes two records of 500 a few milliseconds apart, and the
 * writer commits them together if it knows the second one is on its way. Both methods are called on
 * the writer thread and must not block.
 */
public interface RecordFeed {

    /** {@link System#nanoTime()} when the last sample was taken, or {@link Long#MIN_VALUE} before the first. */
    long lastSampleNanos();

    /** Whether a record is open with samples in it, so another append will follow. */
    boolean filling();
}
