package io.outpost.store;

import java.util.List;
import java.util.function.LongConsumer;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is told what of the store's commits, run on the {@code store-writer} thread: they must be
 * quick and must not call the store. Registered from any thread (copy-on-write lists); one that
 * throws is logged and the others still run.
 */
final class StoreListeners {

    private static final Logger LOG = LoggerFactory.getLogger(StoreListeners.class);

    private final List<Runnable> afterAppend = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> commitTimes = new CopyOnWriteArrayList<>();

    void addCommitTime(LongConsumer listener) {
        commitTimes.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A commit of the file took {@code nanos}. */
    void committed(long nanos) {
        for (LongConsumer listener : commitTimes) {
            try {
                listener.accept(nanos);
            } catch (RuntimeException e) {
                LOG.warn("event=commit-listener-failed error={}", QueueFile.describe(e));
            }
        }
    }

    void addAfterAppend(Runnable listener) {
        afterAppend.add(Objects.requireNonNull(listener, "listener"));
    }

    /** After a commit that appended records: someone may send them now. */
    void afterAppend() {
        run(afterAppend, "event=append-listener-failed error={}");
    }

    private static void run(List<Runnable> listeners, String failure) {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn(failure, QueueFile.describe(e));
            }
        }
    }
}
