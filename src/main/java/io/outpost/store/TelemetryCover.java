package io.outpost.store;

/**
 * Durable state kept beside the store that must account for a telemetry record before the record may
 * leave the store: the per-tag time marks of SPEC §4, which a restart would otherwise lose with every
 * delivered and deleted record. The store is what knows when a record leaves, so it decides when the
 * cover is written ({@link TelemetryCoverage}); what the cover holds is its owner's business.
 */
@FunctionalInterface
public interface TelemetryCover {

    /**
     * Makes durable what accounts for every telemetry record with a seq up to {@code upToSeq}, the
     * records of the commit about to happen included. Called on the store's writer thread, before that
     * commit.
     *
     * @return true once it is on disk; false when the write failed: the store then lets the
     *     acknowledged records it held go all the same (the data path never waits on the cover, whose
     *     owner reports what is not kept meanwhile) and asks again when the next write is due
     */
    boolean cover(long upToSeq);
}
