package io.outpost.store;

import io.outpost.value.Lane;

/** Told of every record the size limit forced out, so the loss is reported, never silent. */
@FunctionalInterface
public interface DropListener {

    /**
     * Records {@code firstSeq..lastSeq} of {@code lane} ({@code count} of them) were dropped. Called
     * after the dropping commit, on the store's writer thread; it may append to the store but must
     * not wait for that append.
     */
    void dropped(Lane lane, long firstSeq, long lastSeq, long count, String reason);
}
