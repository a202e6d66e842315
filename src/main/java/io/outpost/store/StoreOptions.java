package io.outpost.store;

import java.time.Duration;

/**
 * Tuning of {@link MapDbRecordStore}; {@link #defaults()} suits a Raspberry Pi-class gateway.
 *
 * @param queueCapacity appends waiting for the writer thread, at most
 * @param enqueueTimeout how long {@code append} waits for room in that queue before it fails the
 *     record with {@link StoreUnavailableException}; producers are slowed, never blocked for ever
 * @param maxBatchRecords records in one commit, at most
 * @param maxBatchBytes payload bytes in one commit, about (the batch closes once it is reached); also
 *     bounds the memory a commit holds
 * @param compactionSlackBytes how far the file may grow beyond the live data before it is rewritten
 */
public record StoreOptions(int queueCapacity, Duration enqueueTimeout, int maxBatchRecords, long maxBatchBytes,
        long compactionSlackBytes) {

    public StoreOptions {
        if (queueCapacity <= 0 || maxBatchRecords <= 0 || maxBatchBytes <= 0 || compactionSlackBytes < 0) {
            throw new IllegalArgumentException("store options must be positive: " + queueCapacity + ", "
                    + maxBatchRecords + ", " + maxBatchBytes + ", " + compactionSlackBytes);
        }
        if (enqueueTimeout.isNegative()) {
            throw new IllegalArgumentException("enqueueTimeout must not be negative");
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(1024, Duration.ofSeconds(2), 1000, 4L << 20, 16L << 20);
    }

    public StoreOptions withCompactionSlackBytes(long bytes) {
        return new StoreOptions(queueCapacity, enqueueTimeout, maxBatchRecords, maxBatchBytes, bytes);
    }
}
