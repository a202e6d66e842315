package io.outpost.store;

import io.outpost.value.Lane;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The durable store-and-forward queue: one FIFO of records per {@link Lane}. The only place that
 * makes data durable. Records are handed out in seq order per lane and leave the store only when
 * {@link #acknowledge} says the broker has them (or when {@code store.max_size} forces a drop,
 * which is reported to the {@link DropListener}).
 *
 * <p>Implementations are thread-safe: producers append from any thread, the uplink reads and
 * acknowledges from its own.
 */
public interface RecordStore extends AutoCloseable {

    /**
     * Appends one record to {@code lane}. The store assigns the lane's next seq (persisted: never
     * repeated, never going back, across restarts and crashes) and asks {@code payloadForSeq} for the
     * bytes to keep, since the seq is part of the payload. Called on the store's writer thread: it
     * must be quick and must not block.
     *
     * @return completes with the stored record once it is committed to disk (group commit), or
     *     exceptionally with {@link StoreFullException} when {@code on_full: reject-new} refuses it,
     *     or with an {@link IllegalStateException} when the store is closed or failed
     */
    CompletableFuture<StoredRecord> append(Lane lane, LongFunction<byte[]> payloadForSeq);

    /**
     * Appends one record as {@link #append(Lane, LongFunction)} does, and sets {@code state} in the
     * same commit: once the future completes both are on disk, and after a crash either both are or
     * neither is. Of several appends carrying the same state name, the last committed wins.
     */
    CompletableFuture<StoredRecord> append(Lane lane, LongFunction<byte[]> payloadForSeq, StoreState state);

    /**
     * The last committed value of the state {@code name}; empty when no commit ever carried it (or
     * the store file was damaged and started afresh, which loses its states with its records).
     */
    Optional<byte[]> state(String name);

    /** Up to {@code max} committed records of {@code lane} with seq greater than {@code afterSeq}, in seq order. */
    List<StoredRecord> read(Lane lane, long afterSeq, int max);

    /** The broker acknowledged this record: remove it. Unknown or already removed seqs are ignored. */
    void acknowledge(Lane lane, long seq);

    /** Depth, bytes and drop counters of one lane, as of now. */
    LaneStats stats(Lane lane);

    /** Runs {@code listener} after each commit that added records (on the writer thread; it must not block). */
    void onAppended(Runnable listener);

    /**
     * Tells the store where telemetry records come from, so that a commit may wait a few milliseconds
     * for a record already being filled and carry both (see {@link MapDbRecordStore}). A store that
     * commits otherwise ignores it.
     */
    default void feedFrom(RecordFeed feed) {
    }

    @Override
    void close();
}
