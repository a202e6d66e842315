package io.outpost.process.model;

/**
 * One loaded model: a window of readings in, one score out. Called from one thread at a time (the
 * models thread, or a check), so implementations need not be thread-safe.
 */
interface Scorer extends AutoCloseable {

    /**
     * The score for {@code window}: each input's readings, oldest first, input after input
     * ({@link WindowLayout}).
     *
     * @throws ModelRunException when the runtime fails on this window
     */
    float score(float[] window) throws ModelRunException;

    @Override
    void close();
}
